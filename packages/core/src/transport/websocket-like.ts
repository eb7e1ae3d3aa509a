/**
 * The part of the WebSocket API codexkit uses, so any implementation can be injected: the global
 * `WebSocket` of Node 22+, Deno, Bun and workers, or the `ws` package on Node 20.
 *
 * @module
 */

/** The fields of WebSocket events codexkit reads (open, message, error and close events alike). */
export interface WebSocketEventLike {
  /** The event type. */
  readonly type?: string;
  /** A message event's payload (a string for a text frame). */
  readonly data?: unknown;
  /** A close event's code. */
  readonly code?: number;
  /** A close event's reason. */
  readonly reason?: string;
  /** An error event's message, where the implementation gives one. */
  readonly message?: string;
  /** An error event's error, where the implementation gives one. */
  readonly error?: unknown;
}

/** A WebSocket as codexkit drives it. */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Sends one text frame. */
  send(data: string): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Subscribes to `open`, `message`, `error` or `close`. */
  addEventListener(
    type: "open" | "message" | "error" | "close",
    listener: (event: WebSocketEventLike) => void,
  ): void;
}

/** Options handed to the WebSocket constructor: the upgrade request's headers (`Authorization`). */
export interface WebSocketInitLike {
  /** Headers of the HTTP upgrade request. Supported by `ws`, Node's undici `WebSocket`, Bun and Deno. */
  headers?: Record<string, string>;
}

/** A WebSocket constructor: the global `WebSocket`, or `ws`'s default export. */
export type WebSocketConstructor = new (url: string, init: WebSocketInitLike) => WebSocketLike;
