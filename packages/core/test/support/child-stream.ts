import type { ChildProcessWithoutNullStreams } from "node:child_process";
import type { ByteStream, Unsubscribe } from "../../src/index.js";

/**
 * Wraps a child process's stdio into a {@link ByteStream}: stdout is the data, the end of stdout (or a
 * process error) is the close, and writes go to stdin. stderr is collected for diagnostics.
 */
export class ChildStream implements ByteStream {
  private readonly closeListeners = new Set<(error?: Error) => void>();
  private closed = false;
  /** What the process wrote to stderr. */
  stderr = "";

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      this.stderr += text;
    });
    child.stdout.on("close", () => this.fireClose());
    child.on("error", (error) => this.fireClose(error));
    // EPIPE after the process exited surfaces through write() rejections; keep it from crashing the test.
    child.stdin.on("error", () => {});
  }

  onData(listener: (chunk: Uint8Array | string) => void): Unsubscribe {
    const onChunk = (chunk: Buffer) => listener(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    this.child.stdout.on("data", onChunk);
    return () => {
      this.child.stdout.off("data", onChunk);
    };
  }

  onClose(listener: (error?: Error) => void): Unsubscribe {
    this.closeListeners.add(listener);
    return () => {
      this.closeListeners.delete(listener);
    };
  }

  write(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.child.stdin.destroyed || this.child.stdin.writableEnded) {
        reject(new Error("stdin is closed"));
        return;
      }
      this.child.stdin.write(text, "utf8", (error) => (error ? reject(error) : resolve()));
    });
  }

  end(): void {
    if (!this.child.stdin.writableEnded) this.child.stdin.end();
  }

  private fireClose(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of [...this.closeListeners]) listener(error);
  }
}
