import { InvalidInputError } from "@codexkit/core";
import { describeValue } from "../validation.js";

/**
 * @internal Checks of the arguments of the resource namespaces (`codex.fs`, `codex.exec`, …), run before
 * anything is sent: a malformed value is refused with an {@link InvalidInputError} that names it.
 *
 * @module
 */

/** An absolute path on a POSIX host (`/…`) or a Windows host (`C:\…`, `\\server\…`). */
const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

/** `value` is a non-empty string. */
export function checkNonEmptyString(value: unknown, name: string): asserts value is string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidInputError(`${name} must be a non-empty string, got ${describeValue(value)}`);
  }
}

/**
 * `value` is an absolute path. Paths name files on the app-server's host, which may not be this machine, so
 * they are never resolved against this process's working directory.
 */
export function checkAbsolutePath(value: unknown, name: string): asserts value is string {
  checkNonEmptyString(value, name);
  if (!ABSOLUTE.test(value) || value.includes("\0")) {
    throw new InvalidInputError(
      `${name} must be an absolute path on the app-server's host (relative paths are not resolved), got ${describeValue(value)}`,
    );
  }
}

/** `value` is undefined or an absolute path. */
export function checkOptionalAbsolutePath(value: unknown, name: string): void {
  if (value !== undefined) checkAbsolutePath(value, name);
}

/** `value` is undefined or an array of absolute paths. */
export function checkPaths(value: unknown, name: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    throw new InvalidInputError(`${name} must be an array of paths, got ${describeValue(value)}`);
  }
  for (const [index, path] of value.entries()) checkAbsolutePath(path, `${name}[${index}]`);
}

/** `value` is a string or a `Uint8Array` (a `Buffer` is one). */
export function checkData(value: unknown, name: string): asserts value is string | Uint8Array {
  if (typeof value !== "string" && !(value instanceof Uint8Array)) {
    throw new InvalidInputError(`${name} must be a string or a Uint8Array, got ${describeValue(value)}`);
  }
}

/** `value` is undefined or an integer ≥ `min`. */
export function checkInteger(value: unknown, name: string, min: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidInputError(`${name} must be an integer >= ${min}, got ${describeValue(value)}`);
  }
}

/** A random id for a connection-scoped handle (`watchId`, `processId`). */
export function newHandleId(prefix: string): string {
  return `${prefix}-${globalThis.crypto.randomUUID()}`;
}
