import { type WebSocketConstructor, WebSocketTransport } from "@codexkit/core";
import WebSocket from "ws";

/** `ws`'s client, as codexkit's {@link WebSocketConstructor}: Node 20 has no global WebSocket. */
const NodeWebSocket: WebSocketConstructor = WebSocket;

/** A `ws://` / `wss://` transport on Node: the injected constructor, else `ws` (never the URL for the token). */
export function webSocketTransport(
  url: string,
  options: { token?: string | undefined; WebSocket?: WebSocketConstructor | undefined },
): WebSocketTransport {
  return new WebSocketTransport(url, {
    WebSocket: options.WebSocket ?? NodeWebSocket,
    ...(options.token === undefined ? {} : { token: options.token }),
  });
}

/**
 * A transport to `codex app-server --listen unix://PATH`: WebSocket over the unix socket (an HTTP upgrade,
 * no auth), through `ws`'s `ws+unix:` addressing.
 */
export function unixSocketTransport(path: string, WebSocketImpl?: WebSocketConstructor): WebSocketTransport {
  return new WebSocketTransport(`ws+unix://${path}:/`, {
    WebSocket: WebSocketImpl ?? NodeWebSocket,
    endpoint: `unix://${path}`,
  });
}
