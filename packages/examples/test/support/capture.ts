import type { Output } from "../../src/support/output.js";

/** An {@link Output} that records what was written. */
export interface CapturedOutput extends Output {
  /** Everything written, concatenated. */
  readonly text: string;
  /** Each `write` call, in order. */
  readonly chunks: readonly string[];
}

/** A string sink for an example's output; `isTTY` turns on terminal-only behaviour (the status line). */
export function captureOutput(options: { isTTY?: boolean; columns?: number } = {}): CapturedOutput {
  const chunks: string[] = [];
  return {
    write(text: string) {
      chunks.push(text);
      return true;
    },
    isTTY: options.isTTY ?? false,
    columns: options.columns,
    get text() {
      return chunks.join("");
    },
    chunks,
  };
}
