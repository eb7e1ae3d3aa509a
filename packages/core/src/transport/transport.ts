import type { CodexError } from "../errors.js";
import type { Unsubscribe } from "./byte-stream.js";

/**
 * The message-level transport codexkit speaks JSON-RPC over, in the style of the MCP SDK's transports:
 * whole messages in and out, errors and one close (with a code and reason where the medium has them).
 * Adapters: {@link JsonlTransport} (newline-delimited JSON over a {@link ByteStream}: stdio, a custom
 * command), {@link WebSocketTransport} (one message per text frame) and {@link createLinkedTransports}
 * (an in-memory pair for tests). `@codexkit/node` adds a spawned process, a command, a unix socket and
 * `ws`-based WebSocket transports.
 *
 * @module
 */

/** One decoded JSON-RPC message: a request, a notification or a response, as a plain JSON object. */
export type JsonRpcMessage = Record<string, unknown>;

/** How a {@link Transport} closed, as handed to `onClose` listeners and {@link Transport.describeClose}. */
export interface TransportClose {
  /** True when the client closed the transport ({@link Transport.close}); false when the peer or a failure did. */
  byClient: boolean;
  /** The close code, where the medium has one: a WebSocket close code, a process exit code. */
  code?: number;
  /** The close reason, where the medium has one (a WebSocket close reason, a signal name). */
  reason?: string;
  /** The error the transport failed with, if it failed. */
  error?: Error;
}

/**
 * A duplex channel of whole JSON-RPC messages to and from one app-server.
 *
 * Contract: `start` connects (idempotent; `send` before it has resolved waits for it); listeners may be
 * added before `start`; `onClose` fires exactly once, whether the peer, a failure or {@link Transport.close}
 * ended it; after it nothing is delivered and `send` rejects. A message that cannot be decoded is reported
 * through `onError` (as a `MalformedMessageError`) and the transport goes on.
 */
export interface Transport {
  /** Where this transport leads, for messages: e.g. `ws://10.0.0.5:4500` or `codex app-server (pid 4242)`. Never holds a secret. */
  readonly endpoint: string;
  /**
   * True when this client is the server's only client (a process it spawned over stdio): then every server
   * request is answered. Otherwise (a socket, a transport of unknown reach) the server may be shared, and
   * requests for other clients' turns are left to them.
   */
  readonly exclusive?: boolean;
  /** Connects (spawns, opens the socket). Idempotent: later calls return the first call's promise. */
  start(): Promise<void>;
  /** Sends one message. Rejects once the transport is closed. */
  send(message: JsonRpcMessage): Promise<void>;
  /** Subscribes to incoming messages, in arrival order. */
  onMessage(listener: (message: JsonRpcMessage) => void): Unsubscribe;
  /** Subscribes to errors that do not close the transport (e.g. an undecodable message) and the error a failure closes it with. */
  onError(listener: (error: Error) => void): Unsubscribe;
  /** Subscribes to the close. Fires once. */
  onClose(listener: (close: TransportClose) => void): Unsubscribe;
  /** Closes the transport (a process: ends stdin, then signals; a socket: a normal close). Idempotent; resolves once closed. */
  close(): Promise<void>;
  /**
   * The error pending and later calls fail with after the close: e.g. a process names its exit code and
   * stderr tail, a socket its endpoint and close code. Optional: the connection has a default.
   */
  describeClose?(close: TransportClose): CodexError | Promise<CodexError>;
}
