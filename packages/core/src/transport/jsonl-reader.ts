import { AbstractMessageReader, type DataCallback, type Disposable, type Message } from "vscode-jsonrpc";
import { MalformedMessageError } from "../errors.js";
import type { ByteStream } from "./byte-stream.js";
import { LineDecoder } from "./line-decoder.js";
import { decodeMessage, notJsonRpcReason } from "./message-codec.js";

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
    const decoded = decodeMessage(line);
    if (decoded instanceof MalformedMessageError) {
      this.reportMalformed(decoded);
      return;
    }
    const reason = notJsonRpcReason(decoded);
    if (reason) {
      this.reportMalformed(new MalformedMessageError(line, reason));
      return;
    }
    const callback = this.callback;
    if (!callback) return;
    if (this.intercept?.(decoded as unknown as Message)) return;
    callback(decoded as unknown as Message);
  }

  private reportMalformed(error: MalformedMessageError): void {
    this.onMalformed?.(error);
    this.fireError(error);
  }
}
