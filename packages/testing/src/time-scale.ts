/**
 * One suite-wide scale for every wait of a test suite: `CODEXKIT_TEST_TIME_SCALE` (default 1). A slow or
 * busy machine (or CI) raises it, and every deadline derived with {@link scaledTimeout} grows with it.
 *
 * @module
 */

/** The environment variable that holds the scale. */
const VARIABLE = "CODEXKIT_TEST_TIME_SCALE";

/**
 * The suite-wide time scale: `CODEXKIT_TEST_TIME_SCALE` as a number, 1 when it is unset or empty.
 *
 * @throws Error when the variable is set to anything but a positive finite number.
 */
export function testTimeScale(): number {
  const raw = process.env[VARIABLE];
  if (raw === undefined || raw.trim() === "") return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(`${VARIABLE} must be a positive finite number, got ${JSON.stringify(raw)}`);
  }
  return scale;
}

/**
 * `ms` multiplied by the suite-wide {@link testTimeScale}: the way to write any deadline a test waits for.
 *
 * @example
 * ```ts
 * await model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });
 * ```
 */
export function scaledTimeout(ms: number): number {
  return ms * testTimeScale();
}
