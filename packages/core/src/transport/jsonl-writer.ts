import { AbstractMessageWriter, type Message } from "vscode-jsonrpc";
import type { ByteStream } from "./byte-stream.js";

/** A vscode-jsonrpc `MessageWriter` that writes each message as one line of JSON. */
export class JsonlMessageWriter extends AbstractMessageWriter {
  private errorCount = 0;

  constructor(private readonly stream: ByteStream) {
    super();
  }

  /** Writes one message as a line; rejects (and fires `onError`) when the stream is closed. */
  async write(message: Message): Promise<void> {
    try {
      await this.stream.write(`${JSON.stringify(message)}\n`);
    } catch (error) {
      this.fireError(error, message, ++this.errorCount);
      throw error;
    }
  }

  /** Ends the underlying stream (closes the server's stdin). */
  end(): void {
    this.stream.end();
  }
}
