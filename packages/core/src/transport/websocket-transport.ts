import {
  type CodexError,
  MalformedMessageError,
  TransportClosedError,
  type UnauthorizedError,
} from "../errors.js";
import { AbstractTransport } from "./abstract-transport.js";
import { decodeMessage } from "./message-codec.js";
import {
  GENERIC_ERROR,
  hiddenStatusHint,
  refusedUpgradeError,
  refusedUpgradeStatus,
} from "./refused-upgrade.js";
import type { JsonRpcMessage, TransportClose } from "./transport.js";
import type { WebSocketConstructor, WebSocketEventLike, WebSocketLike } from "./websocket-like.js";

/** Options of {@link WebSocketTransport}. */
export interface WebSocketTransportOptions {
  /** The WebSocket implementation. Default: the global `WebSocket` (absent on Node 20: pass `ws`'s). */
  WebSocket?: WebSocketConstructor;
  /** Sent as `Authorization: Bearer <token>` on the upgrade request; never put in the URL. */
  token?: string;
  /** Extra headers of the upgrade request. */
  headers?: Record<string, string>;
  /** How the endpoint is named in messages. Default: the URL without credentials or query. */
  endpoint?: string;
  /** How long {@link WebSocketTransport.close} waits for the closing handshake, in ms. Default 2000. */
  closeTimeoutMs?: number;
}

const OPEN = 1;

/**
 * JSON-RPC over one WebSocket: one message per text frame — never several in a frame (codex silently
 * drops those) — and no trailing newline. Runtime-neutral: the WebSocket constructor is injected.
 *
 * @example
 * ```ts
 * import WebSocket from "ws"; // Node 20; elsewhere the global WebSocket is used
 * const transport = new WebSocketTransport("ws://127.0.0.1:4500", { WebSocket, token });
 * const connection = new AppServerConnection(transport, { clientInfo });
 * await connection.initialize();
 * ```
 */
export class WebSocketTransport extends AbstractTransport {
  readonly endpoint: string;
  private socket: WebSocketLike | undefined;
  private opening: Promise<void> | undefined;
  private closing = false;
  private lastError: Error | undefined;
  /** The upgrade failed: there is no handshake to wait for on close (undici may never fire `close` then). */
  private failedToOpen = false;

  constructor(
    private readonly url: string,
    private readonly options: WebSocketTransportOptions = {},
  ) {
    super();
    this.endpoint = options.endpoint ?? endpointOf(url);
  }

  /**
   * Opens the socket; rejects with a {@link TransportClosedError} naming the endpoint when it cannot, and
   * with an {@link UnauthorizedError} (code `"unauthorized"`) when the server refused the upgrade with HTTP
   * 401 or 403 — a wrong or missing token — where the implementation reports the status (`ws` does).
   */
  start(): Promise<void> {
    this.opening ??= new Promise<void>((resolve, reject) => {
      const Socket = this.options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
      if (!Socket) {
        reject(
          new TransportClosedError(
            `No WebSocket implementation to reach ${this.endpoint}: this runtime has no global WebSocket; pass one (e.g. the \`ws\` package's) as the WebSocket option`,
            { endpoint: this.endpoint },
          ),
        );
        return;
      }
      const headers: Record<string, string> = { ...this.options.headers };
      if (this.options.token !== undefined) headers.Authorization = `Bearer ${this.options.token}`;
      let socket: WebSocketLike;
      try {
        socket = new Socket(this.url, { headers });
      } catch (error) {
        reject(this.failure(`could not connect to ${this.endpoint}`, error));
        return;
      }
      this.socket = socket;
      let opened = false;
      socket.addEventListener("open", () => {
        opened = true;
        resolve();
      });
      socket.addEventListener("message", (event) => this.handleFrame(event));
      socket.addEventListener("error", (event) => {
        this.lastError = errorOf(event);
        // undici (Node 20, 22) fires no close event after a failed upgrade: reject now, not on close.
        if (!opened) {
          this.failedToOpen = true;
          reject(this.failure(`could not connect to ${this.endpoint}`, this.lastError));
        }
      });
      socket.addEventListener("close", (event) => {
        const close: TransportClose = { byClient: this.closing };
        if (typeof event.code === "number") close.code = event.code;
        if (event.reason) close.reason = event.reason;
        if (this.lastError) close.error = this.lastError;
        if (!opened) {
          reject(this.failure(`could not connect to ${this.endpoint}`, this.lastError, close.code));
        }
        this.finish(close);
      });
    });
    return this.opening;
  }

  /** Sends the message as one text frame. */
  async send(message: JsonRpcMessage): Promise<void> {
    if (!this.socket) await this.start();
    const socket = this.socket;
    if (this.closed || !socket || socket.readyState !== OPEN) {
      throw new TransportClosedError(`The WebSocket to ${this.endpoint} is not open`, {
        endpoint: this.endpoint,
      });
    }
    socket.send(JSON.stringify(message));
  }

  /** Closes the socket normally (1000) and waits for the handshake, at most `closeTimeoutMs`. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    const socket = this.socket;
    if (!socket || this.failedToOpen) {
      try {
        socket?.close();
      } catch {
        // never opened
      }
      this.finish({ byClient: true });
      return;
    }
    const closed = new Promise<void>((resolve) => this.onClose(() => resolve()));
    try {
      socket.close(1000, "client closed");
    } catch {
      // already closing
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      closed,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.options.closeTimeoutMs ?? 2000);
      }),
    ]);
    clearTimeout(timer);
    this.finish({ byClient: true });
  }

  /** Names the endpoint and close code (1006 is an abnormal drop: no close frame). */
  describeClose(close: TransportClose): CodexError {
    if (close.byClient) return new TransportClosedError("The connection was closed by the client");
    const code = close.code === undefined ? "" : ` with code ${close.code}`;
    const reason = close.reason ? ` (${close.reason})` : "";
    return new TransportClosedError(`The WebSocket to ${this.endpoint} closed${code}${reason}`, {
      endpoint: this.endpoint,
      ...(close.code === undefined ? {} : { closeCode: close.code }),
      ...(close.error ? { cause: close.error } : {}),
    });
  }

  private handleFrame(event: WebSocketEventLike): void {
    const { data } = event;
    const text =
      typeof data === "string"
        ? data
        : data instanceof ArrayBuffer || ArrayBuffer.isView(data)
          ? new TextDecoder().decode(data as ArrayBuffer)
          : undefined;
    if (text === undefined) {
      this.report(new MalformedMessageError("[binary frame]", "not a text frame"));
      return;
    }
    const decoded = decodeMessage(text);
    if (decoded instanceof Error) this.report(decoded);
    else this.deliver(decoded);
  }

  /** Whether the upgrade request carries credentials: the token, or an `Authorization` header of its own. */
  private sendsCredentials(): boolean {
    if (this.options.token !== undefined) return true;
    return Object.keys(this.options.headers ?? {}).some((name) => name.toLowerCase() === "authorization");
  }

  private failure(message: string, cause: unknown, closeCode?: number): TransportClosedError {
    const status = refusedUpgradeStatus(cause);
    if (status !== undefined)
      return refusedUpgradeError(this.endpoint, status, { tokenSent: this.sendsCredentials(), cause });
    const detail = `${cause instanceof Error && cause.message ? `: ${cause.message}` : ""}${hiddenStatusHint(cause)}`;
    return new TransportClosedError(`${message}${detail}`, {
      endpoint: this.endpoint,
      ...(closeCode === undefined ? {} : { closeCode }),
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

/** The URL as shown in messages: scheme, host, port and path; never credentials or a query. */
export function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return "a WebSocket endpoint";
  }
}

function errorOf(event: WebSocketEventLike): Error {
  if (event.error instanceof Error) return event.error;
  return new Error(event.message || GENERIC_ERROR);
}
