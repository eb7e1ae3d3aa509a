/**
 * Splits a stream of byte or text chunks into lines. Linear in the input: partial lines are kept as a
 * list of pieces and joined once, when their newline arrives, so a 50 MB line costs one copy, not many.
 * A streaming `TextDecoder` keeps UTF-8 characters split across chunks intact.
 */
export class LineDecoder {
  private readonly decoder = new TextDecoder("utf-8");
  private pending: string[] = [];
  private pendingLength = 0;

  /** Feeds a chunk; calls `onLine` for every complete line (without `\n` or `\r\n`). */
  push(chunk: Uint8Array | string, onLine: (line: string) => void): void {
    const text = typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    let start = 0;
    let newline = text.indexOf("\n");
    while (newline !== -1) {
      let line = text.slice(start, newline);
      if (this.pending.length > 0) {
        this.pending.push(line);
        line = this.pending.join("");
        this.pending = [];
        this.pendingLength = 0;
      }
      onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (start < text.length) {
      const rest = start === 0 ? text : text.slice(start);
      this.pending.push(rest);
      this.pendingLength += rest.length;
    }
  }

  /** Characters buffered for the current, incomplete line. */
  get bufferedLength(): number {
    return this.pendingLength;
  }

  /** Returns what is left at end of stream (a final line without newline), and resets. */
  flush(): string | undefined {
    const tail = this.decoder.decode();
    if (tail) this.pending.push(tail);
    const rest = this.pending.join("");
    this.pending = [];
    this.pendingLength = 0;
    return rest.trim() === "" ? undefined : rest;
  }
}
