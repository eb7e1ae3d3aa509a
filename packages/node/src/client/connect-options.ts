import { InvalidInputError } from "@codexkit/core";
import { describeValue } from "../internal/validation.js";
import { resolveReconnectOptions } from "../reconnect/reconnect-options.js";
import type { CodexOptions } from "./codex-options.js";

/**
 * Checks how a `Codex` connects, before anything starts: one of spawn (default), `command`, `url` or
 * `transport`, with only the options that apply to it. Refuses nonsense combinations (`url` with
 * `codexPath`, `command` with `url`, a token without a `ws(s)://` URL, a token in the URL, …).
 *
 * @module
 */

/** Options that shape a locally spawned `codex app-server` (meaningless for a remote one). */
const SPAWN_ONLY = ["codexPath", "env", "cwd", "codexHome", "config", "args", "closeTimeouts"] as const;
/** Options that shape codex's own command line (a `command` is run verbatim, so they cannot apply). */
const CODEX_COMMAND_LINE = ["codexPath", "config", "args"] as const;

/** The socket path of a `unix://` URL, or undefined for any other URL. */
export function unixSocketPath(url: string): string | undefined {
  return /^unix:\/\//i.test(url) ? url.slice("unix://".length) : undefined;
}

function given(options: CodexOptions, keys: readonly string[]): string[] {
  return keys.filter((key) => (options as Record<string, unknown>)[key] !== undefined);
}

function refuseWith(what: string, keys: string[], why: string): void {
  if (keys.length > 0)
    throw new InvalidInputError(`${what} cannot be combined with ${keys.join(", ")}: ${why}`);
}

/** Throws {@link InvalidInputError} for a malformed or contradictory way to connect. */
export function checkConnectOptions(options: CodexOptions): void {
  const { url, token, command, transport } = options;
  if (transport !== undefined) {
    const t = transport as unknown as Record<string, unknown>;
    if (
      typeof t !== "object" ||
      t === null ||
      typeof t.send !== "function" ||
      typeof t.onMessage !== "function"
    )
      throw new InvalidInputError(
        `transport must be a Transport (send, onMessage, onClose, …), got ${describeValue(transport)}`,
      );
    refuseWith(
      "transport",
      given(options, ["url", "token", "command", "WebSocket", ...SPAWN_ONLY]),
      "the transport is already connected to its server",
    );
  }
  if (options.WebSocket !== undefined && typeof options.WebSocket !== "function")
    throw new InvalidInputError(
      `WebSocket must be a WebSocket constructor, got ${describeValue(options.WebSocket)}`,
    );
  if (command !== undefined) {
    if (
      !Array.isArray(command) ||
      command.length === 0 ||
      command.some((part) => typeof part !== "string" || part === "")
    )
      throw new InvalidInputError(
        `command must be a non-empty array of non-empty strings, got ${describeValue(command)}`,
      );
    refuseWith(
      "command",
      given(options, ["url", "token", "WebSocket"]),
      "a command is run locally over stdio",
    );
    refuseWith(
      "command",
      given(options, CODEX_COMMAND_LINE),
      "a command is run verbatim; put codex's arguments in it",
    );
  }
  if (url !== undefined) {
    if (typeof url !== "string")
      throw new InvalidInputError(`url must be a string, got ${describeValue(url)}`);
    const socketPath = unixSocketPath(url);
    if (socketPath !== undefined) {
      if (!socketPath.startsWith("/"))
        throw new InvalidInputError(
          `url ${JSON.stringify(url)} must name an absolute socket path: unix:///path/to.sock`,
        );
      refuseWith(
        "a unix:// url",
        given(options, ["token"]),
        "codex's unix socket listener has no authentication",
      );
    } else {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new InvalidInputError(`url must be a ws://, wss:// or unix:// URL, got ${describeValue(url)}`);
      }
      if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:")
        throw new InvalidInputError(
          `url must be a ws://, wss:// or unix:// URL, got ${JSON.stringify(parsed.protocol)}`,
        );
      if (parsed.username || parsed.password || /(^|[?&])(token|access_token)=/i.test(parsed.search))
        throw new InvalidInputError(
          "url must not carry credentials: pass the token as the token option (it is sent as Authorization: Bearer)",
        );
    }
    refuseWith("url", given(options, SPAWN_ONLY), "they apply to a locally spawned app-server");
  }
  if (token !== undefined) {
    if (typeof token !== "string" || token.trim() === "" || /\s/.test(token))
      throw new InvalidInputError("token must be a non-empty string without whitespace");
    if (url === undefined)
      throw new InvalidInputError('token needs a url: { url: "ws://…" | "wss://…", token }');
  }
  if (options.WebSocket !== undefined && url === undefined)
    throw new InvalidInputError('WebSocket needs a url: { url: "ws://…" | "wss://…", WebSocket }');
  if (resolveReconnectOptions(options.reconnect) && url === undefined)
    throw new InvalidInputError(
      'reconnect needs a url: { url: "ws://…" | "wss://…" | "unix:///…", reconnect: true } (a spawned or custom transport is not reconnected)',
    );
}
