import { InvalidInputError } from "@codexkit/core";

/**
 * How a remote client (`url`: `ws://`, `wss://`, `unix://`) reconnects after the connection drops
 * unexpectedly. See `CodexOptions.reconnect`.
 */
export interface ReconnectOptions {
  /** Connection attempts after a drop before giving up. Default 5. */
  attempts?: number;
  /** Delay before the first attempt, in ms; doubled after each failed one. Default 250. */
  initialDelayMs?: number;
  /** Upper bound of a delay between attempts, in ms. Default 5000. */
  maxDelayMs?: number;
  /** Random spread of each delay, as a fraction of it (0.2 = ±20%). Default 0.2. */
  jitterRatio?: number;
  /** How long one attempt (connect + `initialize` + re-subscribing) may take, in ms. Default 10000. */
  attemptTimeoutMs?: number;
}

/** {@link ReconnectOptions} with every default filled in. */
export type ResolvedReconnectOptions = Required<ReconnectOptions>;

/** The defaults `reconnect: true` stands for. */
export const RECONNECT_DEFAULTS: ResolvedReconnectOptions = Object.freeze({
  attempts: 5,
  initialDelayMs: 250,
  maxDelayMs: 5000,
  jitterRatio: 0.2,
  attemptTimeoutMs: 10_000,
});

/**
 * Checks `CodexOptions.reconnect` and fills in the defaults; undefined when reconnecting is off.
 * @throws InvalidInputError for a value that is not `true`/`false`/an options object, or a bad number.
 */
export function resolveReconnectOptions(
  value: boolean | ReconnectOptions | undefined,
): ResolvedReconnectOptions | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return RECONNECT_DEFAULTS;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InvalidInputError("reconnect must be true, false or { attempts, initialDelayMs, … }");
  const resolved = { ...RECONNECT_DEFAULTS };
  for (const key of Object.keys(value) as Array<keyof ReconnectOptions>) {
    const given = value[key];
    if (given === undefined) continue;
    if (!(key in RECONNECT_DEFAULTS))
      throw new InvalidInputError(`reconnect.${String(key)} is not an option`);
    const integer = key === "attempts";
    if (
      typeof given !== "number" ||
      !Number.isFinite(given) ||
      given < (integer ? 1 : 0) ||
      (integer && !Number.isInteger(given))
    )
      throw new InvalidInputError(
        `reconnect.${key} must be ${integer ? "an integer >= 1" : "a finite number >= 0"}, got ${String(given)}`,
      );
    resolved[key] = given;
  }
  return resolved;
}
