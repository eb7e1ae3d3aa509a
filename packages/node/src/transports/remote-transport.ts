import { InvalidInputError, type Transport, WebSocketTransport } from "@codexkit/core";
import type { CodexOptions } from "../client/codex-options.js";

/**
 * The transports every runtime can open: a `transport` you built, or a `ws://` / `wss://` URL over the
 * global `WebSocket` (or the `WebSocket` option). Returns undefined for the local ones (spawn, command,
 * unix socket), which need the Node entry.
 */
export function remoteTransportFor(options: CodexOptions): Transport | undefined {
  if (options.transport) return options.transport;
  const { url } = options;
  if (url === undefined) return undefined;
  if (!/^wss?:\/\//i.test(url)) return undefined;
  return new WebSocketTransport(url, {
    ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
    ...(options.token === undefined ? {} : { token: options.token }),
  });
}

/** The error for a local transport asked of the runtime-neutral client. */
export function localTransportUnavailable(options: CodexOptions): InvalidInputError {
  const what = options.url
    ? `url ${JSON.stringify(options.url)}`
    : options.command
      ? "command"
      : "spawning codex";
  return new InvalidInputError(
    `${what} needs a local process or socket, which the runtime-neutral client (@codexkit/node/remote) cannot open; ` +
      'use Codex from "@codexkit/node" on Node, or connect with { url: "ws://…" | "wss://…" } or { transport }',
  );
}
