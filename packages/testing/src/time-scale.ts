/**
 * One suite-wide scale for every timeout a test waits on: {@link testTimeScale} reads it from the
 * environment and {@link scaledTimeout} applies it, so a slow or busy machine (or CI) raises all
 * waits at once instead of each test guessing its own margin.
 *
 * @module
 */

/** The environment variable that holds the scale. */
const VARIABLE = "CODEXKIT_TEST_TIME_SCALE";

/**
 * The factor every test timeout is multiplied by: `CODEXKIT_TEST_TIME_SCALE` from the environment,
 * default `1`. Read on every call, so a value set before the tests start applies everywhere.
 *
 * @throws Error when the variable is set but is not a positive finite number (e.g. `"0"`, `"-2"`,
 * `"fast"`, `"Infinity"`): a typo must not silently shorten or disable every wait.
 *
 * @example
 * ```sh
 * CODEXKIT_TEST_TIME_SCALE=3 npm test   # a loaded machine: every timeout three times as long
 * ```
 */
export function testTimeScale(): number {
  const raw = process.env[VARIABLE];
  if (raw === undefined || raw.trim() === "") return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(
      `${VARIABLE} must be a positive finite number (a factor for every test timeout, e.g. 2), got ${JSON.stringify(raw)}`,
    );
  }
  return scale;
}

/**
 * A timeout of `ms` milliseconds at this suite's {@link testTimeScale}: `ms × scale`. Use it for every
 * wait that is a timeout (how long to wait before giving up), not for values that are part of what
 * is tested.
 *
 * @throws Error when `ms` is not a non-negative finite number, or the scale is invalid.
 *
 * @example
 * ```ts
 * await model.waitForRequests(2, { timeoutMs: scaledTimeout(5_000) });
 * ```
 */
export function scaledTimeout(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new Error(`scaledTimeout: ms must be a non-negative finite number, got ${String(ms)}`);
  }
  return ms * testTimeScale();
}
