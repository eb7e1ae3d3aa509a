import { AbortError } from "../errors.js";

type Settler = { reject: (error: unknown) => void };

/** @internal The calls sent and not answered yet: each settles with its answer, its abort, or the close error. */
export class PendingCalls {
  private readonly settlers = new Set<Settler>();

  /**
   * Sends a call with `send` and tracks it until it settles: with its result, with `errorOf(error)` when it
   * fails, with {@link AbortError} when `signal` aborts first, or with the error of {@link PendingCalls.rejectAll}.
   */
  track<T>(
    method: string,
    signal: AbortSignal | undefined,
    send: () => PromiseLike<unknown>,
    errorOf: (error: unknown) => unknown,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settler: Settler = { reject };
      const onAbort = () => {
        this.settlers.delete(settler);
        reject(new AbortError(`${method} aborted`, { cause: signal?.reason }));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.settlers.add(settler);
      send().then(
        (result) => {
          this.settlers.delete(settler);
          signal?.removeEventListener("abort", onAbort);
          resolve(result as T);
        },
        (error: unknown) => {
          this.settlers.delete(settler);
          signal?.removeEventListener("abort", onAbort);
          reject(errorOf(error));
        },
      );
    });
  }

  /** Rejects every pending call with `error`. */
  rejectAll(error: unknown): void {
    for (const settler of this.settlers) settler.reject(error);
    this.settlers.clear();
  }
}
