/**
 * Timer helpers shared by the client and the transports, runtime-neutral: a timer is `unref`ed where the
 * runtime supports it (Node, Bun), so a pending delay never keeps the process alive.
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
