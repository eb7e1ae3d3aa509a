import { AbstractMessageWriter, type Message } from "vscode-jsonrpc";
import type { JsonRpcMessage, Transport } from "./transport.js";

/**
 * A vscode-jsonrpc `MessageWriter` that sends each message through a {@link Transport}. It can add fields
 * to one request's envelope (see {@link TransportMessageWriter.withEnvelopeFields}), which vscode-jsonrpc
 * has no parameter for.
 */
export class TransportMessageWriter extends AbstractMessageWriter {
  private errorCount = 0;
  /** Fields for the envelope of the next request written, while `withEnvelopeFields` runs. */
  private envelopeFields: Record<string, unknown> | undefined;

  constructor(private readonly transport: Transport) {
    super();
  }

  /**
   * Runs `send`, which must write one request synchronously (vscode-jsonrpc's `sendRequest` does), and adds
   * `fields` to that request's envelope, beside `id`, `method` and `params`.
   */
  withEnvelopeFields<T>(fields: Record<string, unknown> | undefined, send: () => T): T {
    if (!fields) return send();
    this.envelopeFields = fields;
    try {
      return send();
    } finally {
      this.envelopeFields = undefined;
    }
  }

  /** Sends one message; rejects (and fires `onError`) when the transport is closed. */
  async write(message: Message): Promise<void> {
    const fields = this.envelopeFields;
    let out = message as unknown as JsonRpcMessage;
    if (fields && typeof out.method === "string" && out.id !== undefined) {
      this.envelopeFields = undefined;
      out = { ...out, ...fields };
    }
    try {
      await this.transport.send(out);
    } catch (error) {
      this.fireError(error, message, ++this.errorCount);
      throw error;
    }
  }

  /** Nothing to end: the connection closes the transport itself. */
  end(): void {}
}
