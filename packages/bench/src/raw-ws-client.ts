/**
 * The floor over WebSocket: the raw client's protocol half over one `ws` socket, one JSON message per text
 * frame, with the bearer token on the upgrade. No validation, no queues, no abstraction.
 */
import WebSocket from "ws";
import { RawProtocolClient } from "./raw-client.js";

export class RawWsClient extends RawProtocolClient {
  private readonly socket: WebSocket;
  private readonly opened: Promise<void>;
  private readonly closed: Promise<void>;

  constructor(url: string, token: string) {
    super();
    this.socket = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once("open", () => resolve());
      this.socket.once("error", reject);
    });
    this.closed = new Promise((resolve) => this.socket.once("close", () => resolve()));
    this.socket.on("message", (data, isBinary) => {
      if (!isBinary) this.onMessage(JSON.parse(data.toString()) as Record<string, unknown>);
    });
    this.socket.once("close", () => this.failAll(new Error("socket closed")));
  }

  protected sendText(text: string): void {
    this.socket.send(text);
  }

  /** Waits for the socket to open, then initializes. */
  override async initialize(): Promise<Record<string, unknown>> {
    await this.opened;
    return super.initialize();
  }

  async close(): Promise<void> {
    this.socket.close(1000);
    await this.closed;
  }
}
