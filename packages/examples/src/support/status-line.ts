/**
 * A one-line live status at the bottom of a terminal: redrawn in place with `\r` + "erase line", while
 * finished lines are printed above it. On a non-terminal output it prints the finished lines only.
 *
 * @module
 */
import { type Output, println } from "./output.js";

const ERASE_LINE = "\r\x1b[2K";

export class StatusLine {
  private current = "";

  constructor(private readonly out: Output) {}

  /** Whether the output is a terminal, so the status is shown. */
  get enabled(): boolean {
    return this.out.isTTY === true;
  }

  /** Replaces the status text (cut to the terminal width). */
  set(text: string): void {
    if (!this.enabled) return;
    const width = Math.max(20, (this.out.columns ?? 80) - 1);
    this.current = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    this.out.write(`${ERASE_LINE}${this.current}`);
  }

  /** Prints a finished line above the status, then redraws the status. */
  print(line: string): void {
    if (this.enabled && this.current) this.out.write(ERASE_LINE);
    println(this.out, line);
    if (this.enabled && this.current) this.out.write(this.current);
  }

  /** Removes the status line. */
  clear(): void {
    if (this.enabled && this.current) this.out.write(ERASE_LINE);
    this.current = "";
  }
}
