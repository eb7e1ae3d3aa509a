/** @internal How an abort may settle a raced promise early. */
export interface AbortSettle<A> {
  /** Resolves the race with `value`. */
  resolve(value: A): void;
  /** Rejects the race with `error`. */
  reject(error: unknown): void;
}

/**
 * @internal Settles like `work`, unless `signal` aborts first: `onAbort` then may settle the race early
 * (settling nothing leaves it to `work`). The abort listener is removed once `work` settles. A signal
 * already aborted is not reacted to: check it before racing.
 */
export function raceSignal<T, A = never>(
  work: Promise<T>,
  signal: AbortSignal,
  onAbort: (settle: AbortSettle<A>) => void,
): Promise<T | A> {
  return new Promise<T | A>((resolve, reject) => {
    const abort = () => onAbort({ resolve, reject });
    signal.addEventListener("abort", abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}
