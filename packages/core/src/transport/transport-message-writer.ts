import { AbstractMessageWriter, type Message } from "vscode-jsonrpc";
import type { JsonRpcMessage, Transport } from "./transport.js";

/** A vscode-jsonrpc `MessageWriter` that sends each message through a {@link Transport}. */
export class TransportMessageWriter extends AbstractMessageWriter {
  private errorCount = 0;

  constructor(private readonly transport: Transport) {
    super();
  }

  /** Sends one message; rejects (and fires `onError`) when the transport is closed. */
  async write(message: Message): Promise<void> {
    try {
      await this.transport.send(message as unknown as JsonRpcMessage);
    } catch (error) {
      this.fireError(error, message, ++this.errorCount);
      throw error;
    }
  }

  /** Nothing to end: the connection closes the transport itself. */
  end(): void {}
}
