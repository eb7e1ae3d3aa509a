import type { Transport } from "@codexkit/core";
import type { CodexOptions } from "../client/codex-options.js";
import { resolveReconnectOptions } from "./reconnect-options.js";
import { ReconnectingTransport } from "./reconnecting-transport.js";

/**
 * The transport a client connects over: `open()`'s, or, with `reconnect` on a remote `url`, a
 * {@link ReconnectingTransport} that calls `open()` again after each drop. Internal to @codexkit/node.
 */
export function withReconnect(options: CodexOptions, open: () => Transport): Transport {
  const reconnect = resolveReconnectOptions(options.reconnect);
  if (!reconnect || options.url === undefined) return open();
  return new ReconnectingTransport(open, reconnect);
}
