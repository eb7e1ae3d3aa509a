import { TransportClosedError } from "../errors.js";
import { AbstractTransport } from "./abstract-transport.js";
import type { ByteStream, Unsubscribe } from "./byte-stream.js";
import { LineDecoder } from "./line-decoder.js";
import { decodeMessage } from "./message-codec.js";
import type { JsonRpcMessage } from "./transport.js";

/** Options of {@link JsonlTransport}. */
export interface JsonlTransportOptions {
  /** How the endpoint is named in messages. Default `codex app-server (jsonl)`. */
  endpoint?: string;
}

/**
 * Newline-delimited JSON over a {@link ByteStream} (a child's stdio, a custom command, any pipe): one
 * message per line. Blank lines are skipped; a line that is not a JSON object is reported through
 * `onError` as a `MalformedMessageError` and reading goes on. {@link JsonlTransport.close} ends the
 * writing side (for a process: its stdin) and closes at once.
 *
 * @example
 * ```ts
 * const connection = new AppServerConnection(new JsonlTransport(stream), { clientInfo });
 * ```
 */
export class JsonlTransport extends AbstractTransport {
  readonly endpoint: string;
  private readonly lines = new LineDecoder();
  private readonly unsubscribers: Unsubscribe[];
  private closing = false;

  constructor(
    private readonly stream: ByteStream,
    options: JsonlTransportOptions = {},
  ) {
    super();
    this.endpoint = options.endpoint ?? "codex app-server (jsonl)";
    const onLine = (line: string) => this.handleLine(line);
    this.unsubscribers = [
      stream.onData((chunk) => this.lines.push(chunk, onLine)),
      stream.onClose((error) => {
        const rest = this.lines.flush();
        if (rest !== undefined) this.handleLine(rest);
        this.end(error ? { byClient: this.closing, error } : { byClient: this.closing });
      }),
    ];
  }

  /** The stream is already connected: nothing to do. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Writes the message as one line. */
  async send(message: JsonRpcMessage): Promise<void> {
    if (this.closed)
      throw new TransportClosedError(`${this.endpoint} is closed`, { endpoint: this.endpoint });
    await this.stream.write(`${JSON.stringify(message)}\n`);
  }

  /** Ends the writing side and closes. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    try {
      this.stream.end();
    } catch {
      // already ended
    }
    this.end({ byClient: true });
  }

  private end(close: Parameters<AbstractTransport["finish"]>[0]): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.finish(close);
  }

  private handleLine(line: string): void {
    if (line.length === 0 || line.trim().length === 0) return;
    const decoded = decodeMessage(line);
    if (decoded instanceof Error) this.report(decoded);
    else this.deliver(decoded);
  }
}
