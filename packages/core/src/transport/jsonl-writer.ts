import { AbstractMessageWriter, type Message } from "vscode-jsonrpc";
import type { ByteStream } from "./byte-stream.js";

/** A vscode-jsonrpc `MessageWriter` that writes each message as one line of JSON. */
export class JsonlMessageWriter extends AbstractMessageWriter {
  private errorCount = 0;

  constructor(private readonly stream: ByteStream) {
    super();
  }

  async write(message: Message): Promise<void> {
    try {
      await this.stream.write(`${JSON.stringify(message)}\n`);
    } catch (error) {
      this.fireError(error, message, ++this.errorCount);
      throw error;
    }
  }

  end(): void {
    this.stream.end();
  }
}
