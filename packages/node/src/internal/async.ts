/**
 * Promise and timer primitives shared by the client, the tools and the transports, runtime-neutral: a
 * delay's timer is `unref`ed where the runtime supports it (Node, Bun), so it never keeps the process alive.
 *
 * @module
 */

/** Resolves with `undefined` after `ms`. */
export function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms) as unknown as { unref?: () => void };
    timer.unref?.();
  });
}

/** `promise`, or a rejection with `onTimeout()` after `ms`; the timer is cleared either way. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(onTimeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

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

/** Whether `value` is a thenable (a promise, or anything `await` would wait for). */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
