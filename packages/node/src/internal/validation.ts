import { InvalidInputError, type Personality } from "@codexkit/core";

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

/** Throws {@link InvalidInputError}: `name` must be `expected`, and `value` is not. */
export function refuse(name: string, expected: string, value: unknown): never {
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
