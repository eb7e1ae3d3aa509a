import { type JsonRpcMessage, type Transport, TransportClosedError } from "@codexkit/core";

/**
 * The requests a reconnecting transport sends on its own (`initialize`, `thread/resume`, `thread/read`)
 * with ids of its own (`codexkit-reconnect-N`: never a number, so never one of the client's), and their
 * answers, which it keeps from the client. Internal to @codexkit/node.
 */
export class InternalRequests {
  private readonly waiting = new Map<string, (answer: JsonRpcMessage) => void>();
  private nextId = 1;

  /** Sends `method` on `transport`; resolves with the raw answer, rejects if the transport closes first. */
  send(transport: Transport, method: string, params: unknown): Promise<JsonRpcMessage> {
    const id = `codexkit-reconnect-${this.nextId++}`;
    return new Promise<JsonRpcMessage>((resolve, reject) => {
      const offClose = transport.onClose(() => {
        this.waiting.delete(id);
        reject(new TransportClosedError(`The connection to ${transport.endpoint} closed during ${method}`));
      });
      this.waiting.set(id, (answer) => {
        offClose();
        resolve(answer);
      });
      transport.send({ jsonrpc: "2.0", id, method, params }).catch((error: unknown) => {
        offClose();
        this.waiting.delete(id);
        reject(error);
      });
    });
  }

  /** Takes an incoming answer to one of these requests; false for any other message. */
  answer(message: JsonRpcMessage): boolean {
    const id = message.id;
    if (typeof id !== "string" || message.method !== undefined) return false;
    const resolve = this.waiting.get(id);
    if (!resolve) return false;
    this.waiting.delete(id);
    resolve(message);
    return true;
  }
}
