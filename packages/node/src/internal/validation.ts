import { InvalidInputError, type Personality, type ReasoningSummary } from "@codexkit/core";
import type { CodexOptions } from "../client/codex-options.js";

/**
 * Checks of public options, run before anything is sent or spawned: a malformed value is refused with an
 * {@link InvalidInputError} that names it, instead of reaching the app-server (or a child process).
 * `undefined` always means "not given".
 *
 * @module
 */

/** How a value is named in messages: its type, or the string itself. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}

function refuse(name: string, expected: string, value: unknown): never {
  throw new InvalidInputError(`${name} must be ${expected}, got ${describeValue(value)}`);
}

/** A plain object: `{}` or `Object.create(null)`, not an array, class instance or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An options argument: undefined or a plain object. */
export function checkOptionsObject(value: unknown, name: string): asserts value is object | undefined {
  if (value !== undefined && !isPlainObject(value)) refuse(name, "an options object", value);
}

/** Each of `keys` of `options` is undefined or a string. */
export function checkStrings(options: object, keys: readonly string[], where = ""): void {
  for (const key of keys) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined && typeof value !== "string") refuse(`${where}${key}`, "a string", value);
  }
}

/** Each of `keys` of `options` is undefined or a boolean. */
export function checkBooleans(options: object, keys: readonly string[], where = ""): void {
  for (const key of keys) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined && typeof value !== "boolean") refuse(`${where}${key}`, "a boolean", value);
  }
}

/** Each of `keys` of `options` is undefined or a function. */
export function checkFunctions(options: object, keys: readonly string[], where = ""): void {
  for (const key of keys) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined && typeof value !== "function") refuse(`${where}${key}`, "a function", value);
  }
}

/** `value` is undefined or one of `allowed`. */
export function checkOneOf(value: unknown, name: string, allowed: readonly string[]): void {
  if (value !== undefined && (typeof value !== "string" || !allowed.includes(value))) {
    refuse(name, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`, value);
  }
}

/** `value` is undefined or a plain object that JSON can encode (no BigInt, no cycles). */
export function checkJsonObject(value: unknown, name: string): void {
  if (value === undefined) return;
  if (!isPlainObject(value)) refuse(name, "a plain object", value);
  try {
    JSON.stringify(value);
  } catch (error) {
    throw new InvalidInputError(`${name} cannot be sent as JSON: ${(error as Error).message}`);
  }
}

/** `value` is undefined or an `AbortSignal`. */
export function checkSignal(value: unknown, name = "signal"): void {
  if (value === undefined) return;
  const signal = value as { aborted?: unknown; addEventListener?: unknown; removeEventListener?: unknown };
  if (
    typeof value !== "object" ||
    value === null ||
    typeof signal.aborted !== "boolean" ||
    typeof signal.addEventListener !== "function" ||
    typeof signal.removeEventListener !== "function"
  ) {
    refuse(name, "an AbortSignal", value);
  }
}

/** `value` is undefined or a finite number ≥ `min` (> `min` when `exclusive`). */
export function checkNumber(value: unknown, name: string, min: number, exclusive = false): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || (exclusive && value === min)) {
    refuse(name, `a finite number ${exclusive ? ">" : ">="} ${min}`, value);
  }
}

/** `value` is undefined or an array of strings. */
export function checkStringArray(value: unknown, name: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) refuse(name, "an array of strings", value);
  value.forEach((item, index) => {
    if (typeof item !== "string") refuse(`${name}[${index}]`, "a string", item);
  });
}

/** Approval, user-input and elicitation handlers are functions when given. */
export function checkHandlers(options: object, where = ""): void {
  checkFunctions(options, ["onApproval", "onUserInput", "onElicitation"], where);
}

/** The `Personality` values of the pinned protocol. */
export const PERSONALITIES = ["none", "friendly", "pragmatic"] as const satisfies readonly Personality[];
/** The `ReasoningSummary` values of the pinned protocol. */
export const REASONING_SUMMARIES = [
  "auto",
  "concise",
  "detailed",
  "none",
] as const satisfies readonly ReasoningSummary[];

/** Thread start/resume/fork settings (approval mode and sandbox are checked where they are mapped). */
export function checkThreadSettings(options: unknown): void {
  checkOptionsObject(options, "thread options");
  if (options === undefined) return;
  // (null would otherwise read as "not given" where a default applies)
  for (const key of ["approvalMode", "sandbox"]) {
    const value = (options as Record<string, unknown>)[key];
    if (value === null) refuse(key, "a string", value);
  }
  checkStrings(options, [
    "baseInstructions",
    "cwd",
    "developerInstructions",
    "model",
    "modelProvider",
    "serviceTier",
    "serviceName",
  ]);
  checkOneOf((options as { personality?: unknown }).personality, "personality", PERSONALITIES);
  checkBooleans(options, ["ephemeral"]);
  checkJsonObject((options as { config?: unknown }).config, "config");
  checkHandlers(options);
}

/** Turn options (input, approval mode, sandbox and output schema are checked where they are mapped). */
export function checkTurnOptions(options: unknown): void {
  checkOptionsObject(options, "turn options");
  if (options === undefined) return;
  const { summary, personality, signal, collaborationMode } = options as Record<string, unknown>;
  checkStrings(options, ["cwd", "model", "serviceTier", "effort"]);
  checkOneOf(summary, "summary", REASONING_SUMMARIES);
  checkOneOf(personality, "personality", PERSONALITIES);
  checkSignal(signal);
  checkJsonObject(collaborationMode, "collaborationMode");
  checkHandlers(options);
}

/** The options of `new Codex(...)`. */
export function checkCodexOptions(options: unknown): asserts options is CodexOptions | undefined {
  checkOptionsObject(options, "Codex options");
  if (options === undefined) return;
  const o = options as Record<string, unknown>;
  checkStrings(o, ["codexPath", "cwd", "codexHome"]);
  if (o.env !== undefined) {
    if (!isPlainObject(o.env)) refuse("env", "an object of strings", o.env);
    for (const [key, value] of Object.entries(o.env)) {
      if (value !== undefined && typeof value !== "string")
        refuse(`env.${key}`, "a string or undefined", value);
    }
  }
  if (Array.isArray(o.config)) {
    checkStringArray(o.config, "config");
  } else if (o.config !== undefined) {
    if (!isPlainObject(o.config)) refuse("config", "an object or an array of key=value strings", o.config);
    for (const [key, value] of Object.entries(o.config)) {
      if (!["string", "number", "boolean"].includes(typeof value)) {
        refuse(`config.${key}`, "a string, number or boolean", value);
      }
    }
  }
  checkStringArray(o.args, "args");
  if (o.clientInfo !== undefined) {
    if (!isPlainObject(o.clientInfo)) refuse("clientInfo", "an object", o.clientInfo);
    const { name, version } = o.clientInfo;
    if (typeof name !== "string" || name === "") refuse("clientInfo.name", "a non-empty string", name);
    if (typeof version !== "string") refuse("clientInfo.version", "a string", version);
    checkStrings(o.clientInfo, ["title"], "clientInfo.");
  }
  checkBooleans(o, ["experimentalApi"]);
  checkStringArray(o.optOutNotificationMethods, "optOutNotificationMethods");
  checkNumber(o.startupTimeoutMs, "startupTimeoutMs", 0, true);
  if (o.closeTimeouts !== undefined) {
    if (!isPlainObject(o.closeTimeouts)) refuse("closeTimeouts", "an object", o.closeTimeouts);
    checkNumber(o.closeTimeouts.graceMs, "closeTimeouts.graceMs", 0);
    checkNumber(o.closeTimeouts.termMs, "closeTimeouts.termMs", 0);
  }
  checkFunctions(o, ["onMalformedMessage", "onWarning"]);
  checkHandlers(o);
  checkTelemetryOptions(o);
}

/** `telemetry`, `logger`, `logLevel` and `logContent` of `new Codex(...)`. */
function checkTelemetryOptions(o: Record<string, unknown>): void {
  const telemetry = o.telemetry;
  if (telemetry !== undefined && typeof telemetry !== "boolean") {
    if (!isPlainObject(telemetry)) refuse("telemetry", "a boolean or an options object", telemetry);
    for (const [key, method] of [
      ["tracerProvider", "getTracer"],
      ["meterProvider", "getMeter"],
    ] as const) {
      const provider = telemetry[key];
      if (
        provider !== undefined &&
        typeof (provider as Record<string, unknown> | null)?.[method] !== "function"
      )
        refuse(`telemetry.${key}`, `an object with ${method}()`, provider);
    }
    checkBooleans(telemetry, ["recordContent"], "telemetry.");
  }
  if (o.logger !== undefined) {
    const logger = o.logger as Record<string, unknown> | null;
    for (const level of ["error", "warn", "info", "debug"]) {
      if (typeof logger?.[level] !== "function") refuse(`logger.${level}`, "a function", logger?.[level]);
    }
  }
  checkOneOf(o.logLevel, "logLevel", ["off", "error", "warn", "info", "debug"]);
  checkBooleans(o, ["logContent"]);
}
