import { statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { InvalidInputError } from "@codexkit/core";

/**
 * Refuses a `cwd` that is not an existing directory on this machine, before anything is sent or spawned
 * (codex would otherwise fail later, or start the thread in a directory that is not there). `undefined`
 * means "not given". A relative path is checked against `base` (default: this process's directory).
 */
export function checkLocalDirectory(value: string | undefined, name: string, base?: string): void {
  if (value === undefined) return;
  const path = isAbsolute(value) ? value : resolve(base ?? process.cwd(), value);
  let kind: string;
  try {
    if (statSync(path).isDirectory()) return;
    kind = "is not a directory";
  } catch {
    kind = "does not exist";
  }
  throw new InvalidInputError(`${name} ${JSON.stringify(value)} ${kind}`);
}
