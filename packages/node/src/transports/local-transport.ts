import { type Transport, type WebSocketConstructor, WebSocketTransport } from "@codexkit/core";
import WebSocket from "ws";
import type { CodexOptions } from "../client/codex-options.js";
import { unixSocketPath } from "../client/codex-options.js";
import { commandTransport, spawnTransport } from "./process/spawn-transport.js";

/**
 * The transport `Codex` (the Node entry) opens for its options: `transport` as given, a `ws://`/`wss://`
 * URL over `ws` (or the `WebSocket` option), a `unix://` socket, a `command`, else a spawned
 * `codex app-server`. The options were checked by `checkConnectOptions` already.
 */
export function localTransportFor(options: CodexOptions, secrets: string[]): Transport {
  if (options.transport) return options.transport;
  const { url } = options;
  if (url !== undefined) {
    const socketPath = unixSocketPath(url);
    if (socketPath !== undefined) return unixSocketTransport(socketPath, options.WebSocket);
    return webSocketTransport(url, { token: options.token, WebSocket: options.WebSocket });
  }
  if (options.command) return commandTransport(options.command, options, secrets);
  return spawnTransport(options, secrets);
}

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
