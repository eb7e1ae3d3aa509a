import type { Transport } from "@codexkit/core";
import type { CodexOptions } from "../client/codex-options.js";
import { unixSocketPath } from "../client/connect-options.js";
import { unixSocketTransport, webSocketTransport } from "./node-websocket.js";
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
