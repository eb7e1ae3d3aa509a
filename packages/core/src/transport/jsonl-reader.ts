import { AbstractMessageReader, type DataCallback, type Disposable, type Message } from "vscode-jsonrpc";
import { MalformedMessageError } from "../errors.js";
import type { ByteStream } from "./byte-stream.js";
import { LineDecoder } from "./line-decoder.js";

/**
 * A vscode-jsonrpc `MessageReader` for newline-delimited JSON: one JSON-RPC message per line.
 * Blank lines are skipped. A line that is not a JSON-RPC message is reported through `onError` (and
 * `onMalformed`) as a {@link MalformedMessageError} with the line truncated; reading goes on.
 * `intercept`, when given, sees each message first; returning true means it was handled and is not
 * passed on to the listening connection.
 */
export class JsonlMessageReader extends AbstractMessageReader {
  private readonly lines = new LineDecoder();
  private callback: DataCallback | undefined;
  private readonly unsubscribers: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly stream: ByteStream,
    private readonly onMalformed?: (error: MalformedMessageError) => void,
    private readonly intercept?: (message: Message) => boolean,
  ) {
    super();
  }

  /** Starts reading: `callback` receives each message. Dispose the result to stop. */
  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onLine = (line: string) => this.handleLine(line);
    this.unsubscribers.push(
      this.stream.onData((chunk) => this.lines.push(chunk, onLine)),
      this.stream.onClose((error) => {
        if (this.closed) return;
        this.closed = true;
        const rest = this.lines.flush();
        if (rest !== undefined) this.handleLine(rest);
        if (error) this.fireError(error);
        this.fireClose();
      }),
    );
    return { dispose: () => this.stopListening() };
  }

  /** Stops reading and releases the reader's listeners. */
  override dispose(): void {
    this.stopListening();
    super.dispose();
  }

  private stopListening(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.callback = undefined;
  }

  private handleLine(line: string): void {
    if (line.length === 0 || line.trim().length === 0) return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch (error) {
      this.reportMalformed(line, error instanceof Error ? error.message : "invalid JSON");
      return;
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      this.reportMalformed(line, "not a JSON object");
      return;
    }
    const record = message as Record<string, unknown>;
    if (typeof record.method !== "string" && !("id" in record && ("result" in record || "error" in record))) {
      this.reportMalformed(line, "not a JSON-RPC request, notification or response");
      return;
    }
    const callback = this.callback;
    if (!callback) return;
    if (this.intercept?.(record as unknown as Message)) return;
    callback(record as unknown as Message);
  }

  private reportMalformed(line: string, reason: string): void {
    const error = new MalformedMessageError(line, reason);
    this.onMalformed?.(error);
    this.fireError(error);
  }
}
