/**
 * Where examples write: `process.stdout` when run from a terminal, a string sink in tests.
 *
 * @module
 */

/** The part of a writable stream the examples use. `process.stdout` is one. */
export interface Output {
  write(text: string): unknown;
  /** True when the output is a terminal (enables the live status line). */
  readonly isTTY?: boolean | undefined;
  /** Terminal width, when known. */
  readonly columns?: number | undefined;
}

/** Writes `text` and a newline. */
export function println(out: Output, text = ""): void {
  out.write(`${text}\n`);
}

/** Shortens `text` to at most `max` characters, on one line. */
export function oneLine(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, Math.max(0, max - 1))}…` : flat;
}
