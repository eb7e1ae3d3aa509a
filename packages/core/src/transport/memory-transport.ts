import { TransportClosedError } from "../errors.js";
import { AbstractTransport } from "./abstract-transport.js";
import type { JsonRpcMessage, TransportClose } from "./transport.js";

/**
 * One end of an in-memory transport pair (see {@link createLinkedTransports}). Messages go through a
 * JSON round trip and arrive in a later microtask, as over a real wire.
 */
export class MemoryTransport extends AbstractTransport {
  /** The other end; set by {@link createLinkedTransports}. */
  private peer: MemoryTransport | undefined;

  constructor(readonly endpoint: string) {
    super();
  }

  /** @internal */
  link(peer: MemoryTransport): void {
    this.peer = peer;
  }

  /** Nothing to connect. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Delivers the message to the other end. */
  async send(message: JsonRpcMessage): Promise<void> {
    const peer = this.peer;
    if (this.closed || !peer || peer.closed)
      throw new TransportClosedError(`${this.endpoint} is closed`, { endpoint: this.endpoint });
    const copy = JSON.parse(JSON.stringify(message)) as JsonRpcMessage;
    queueMicrotask(() => peer.deliver(copy));
  }

  /** Closes both ends: this one `byClient`, the other as closed by its peer (with `code`/`reason` if given). */
  async close(): Promise<void> {
    this.closeWith({});
  }

  /** Closes both ends, the other one seeing `code` and `reason` (e.g. to play a dropped socket). */
  closeWith(info: { code?: number; reason?: string; error?: Error }): void {
    if (this.closed) return;
    const peer = this.peer;
    this.finish({ byClient: true });
    if (peer) queueMicrotask(() => peer.finish({ byClient: false, ...info } satisfies TransportClose));
  }
}

/**
 * Two linked in-memory transports: what one sends, the other receives. For tests that play the
 * app-server without a process.
 *
 * @example
 * ```ts
 * const [client, server] = createLinkedTransports();
 * const connection = new AppServerConnection(client, { clientInfo });
 * server.onMessage((m) => { if (m.method === "initialize") void server.send({ id: m.id, result: {} }); });
 * ```
 */
export function createLinkedTransports(): [client: MemoryTransport, server: MemoryTransport] {
  const client = new MemoryTransport("memory (client end)");
  const server = new MemoryTransport("memory (server end)");
  client.link(server);
  server.link(client);
  return [client, server];
}
