/**
 * Waiting for a condition, with a deadline that derives from the suite-wide time scale. A deadline is a hang
 * guard: it turns "never happened" into a failure that says what was awaited. It is never a timed assertion.
 *
 * @module
 */
import { scaledTimeout } from "./time-scale.js";

/** How often a condition is checked again. Granularity only: no outcome depends on it. */
const POLL_MS = 20;

/** The deadline of the waits below when the caller gives none: 15 s, scaled. */
export const defaultWaitMs = (): number => scaledTimeout(15_000);

/**
 * Resolves with the first value other than `undefined` that `check` returns, checking every 20 ms; rejects
 * after `timeoutMs` (default {@link defaultWaitMs}) with an error naming `what`.
 */
export async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = defaultWaitMs(),
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${Math.round(timeoutMs)} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Resolves once `condition` holds (see {@link waitFor}). */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = defaultWaitMs(),
): Promise<void> {
  await waitFor(async () => ((await condition()) ? true : undefined), what, timeoutMs);
}

/**
 * Resolves with how `promise` settled, or rejects when it has not settled within `timeoutMs`: the way to
 * assert "this does not hang" (pass a scaled deadline).
 */
export function settlesWithin<T>(
  promise: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<{ value: T } | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not settle within ${Math.round(timeoutMs)} ms`)),
      timeoutMs,
    );
  });
  const settled = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return Promise.race([settled, deadline]).finally(() => clearTimeout(timer));
}

/** The error a settled outcome carries; throws when it resolved instead. */
export function errorOf(outcome: { value: unknown } | { error: unknown }): unknown {
  if (!("error" in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}
