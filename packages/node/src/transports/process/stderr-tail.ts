import { redactSecrets } from "../../internal/redact.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ESC of ANSI colour codes is the point
const ANSI_COLOUR = /\u001b\[[0-9;]*m/g;

/** Keeps the last lines of a process's stderr, bounded in lines and characters, with secrets redacted. */
export class StderrTail {
  private readonly lines: string[] = [];
  private partial = "";
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly maxLines = 200,
    private readonly maxLineLength = 2000,
  ) {}

  push(chunk: Uint8Array | string): void {
    const text =
      this.partial + (typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true }));
    const parts = text.split("\n");
    this.partial = (parts.pop() ?? "").slice(-this.maxLineLength);
    for (const line of parts) this.addLine(line);
  }

  private addLine(line: string): void {
    // strip ANSI colour codes: codex logs with colours
    const clean = line.replace(ANSI_COLOUR, "").replace(/\r$/, "");
    this.lines.push(clean.length > this.maxLineLength ? `${clean.slice(0, this.maxLineLength)}…` : clean);
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  /** The last `count` lines (default 40), redacted, as one string. */
  text(count = 40, extraSecrets: readonly string[] = []): string {
    const lines = this.lines.slice(-count);
    if (this.partial) lines.push(this.partial);
    return redactSecrets(lines.join("\n"), extraSecrets);
  }
}
