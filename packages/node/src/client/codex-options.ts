import type { ClientInfo, MalformedMessageError, Transport, WebSocketConstructor } from "@codexkit/core";
import { InvalidInputError } from "@codexkit/core";
import type { RequestHandlers } from "../approvals/approvals.js";
import {
  checkBooleans,
  checkFunctions,
  checkHandlers,
  checkNumber,
  checkOptionsObject,
  checkStringArray,
  checkStrings,
  describeValue,
  isPlainObject,
  refuse,
} from "../internal/validation.js";
import { type ReconnectOptions, resolveReconnectOptions } from "../reconnect/reconnect-options.js";
import type { TurnReconnectedEvent } from "../reconnect/turn-reconnected-event.js";
import {
  type CodexLogger,
  type CodexLogLevel,
  checkTelemetryOptions,
  type TelemetryOptions,
} from "../telemetry/telemetry-options.js";
import { checkLifecycleOptions, type LifecycleOptions } from "../thread/lifecycle-options.js";
import { checkClientTools } from "../tools/thread-tools.js";
import type { ToolEntry } from "../tools/toolset.js";
import { type CodexPreset, checkPreset } from "./presets.js";
import type { CodexWarning } from "./warnings.js";

/**
 * Options of {@link Codex}. All optional. How to connect is one of: nothing (spawn `codex app-server`
 * locally over stdio), `url` (+ `token`), `command`, or `transport`; combinations that make no sense are
 * refused with an `InvalidInputError` before anything starts.
 */
export interface CodexOptions extends RequestHandlers, LifecycleOptions {
  /**
   * A remote app-server: `ws://HOST:PORT` / `wss://…` (`codex app-server --listen ws://…`), or
   * `unix:///path/to.sock` (`--listen unix://PATH`: WebSocket over the socket, no auth). Node entry only
   * for `unix://`.
   */
  url?: string;
  /**
   * Bearer token of a `ws://`/`wss://` app-server (`--ws-auth capability-token`). Sent only as
   * `Authorization: Bearer`, never in the URL, and redacted from every error.
   */
  token?: string;
  /**
   * Reconnect a remote client (`url`) after an unexpected drop, with backoff and jitter: `true` for the
   * defaults ({@link ReconnectOptions}) or the options. Requests pending at the drop still reject with
   * `TransportClosedError`; the client then reconnects, initializes, resumes its threads, and a running
   * turn survives: its stream yields a `codexkit/reconnected` event ({@link TurnReconnectedEvent}) followed
   * by the items missed in the gap, `run()` resolves as without the drop, and approvals or tool calls the
   * server re-sends are answered by the same handlers. When every attempt fails, the turn and later calls
   * reject with a `TransportClosedError` saying so. Default off (a drop fails everything).
   */
  reconnect?: boolean | ReconnectOptions;
  /** The WebSocket implementation for `url`. Default: `ws` on the Node entry, the global `WebSocket` elsewhere. */
  WebSocket?: WebSocketConstructor;
  /**
   * A command whose stdio speaks the app-server protocol, run as given without a shell, e.g.
   * `["docker", "exec", "-i", "box", "codex", "app-server"]`. `env` and `cwd` apply to it.
   */
  command?: readonly string[];
  /** A transport you built (see `Transport` in @codexkit/core); the client starts and closes it. */
  transport?: Transport;
  /** Path of the codex binary. Default: `CODEX_PATH`, then the bundled `@openai/codex`, then `codex` on PATH. */
  codexPath?: string;
  /** Environment of the app-server, merged over `process.env` (a value of `undefined` removes a variable). */
  env?: Record<string, string | undefined>;
  /** Working directory of the app-server process. */
  cwd?: string;
  /** The `CODEX_HOME` to use (config, auth and sessions). */
  codexHome?: string;
  /** Config overrides passed as `-c key=value` (values are TOML: strings are quoted for you in the object form). */
  config?: Record<string, string | number | boolean> | readonly string[];
  /**
   * An opt-in named setup; none by default. `"throughput"` trades behaviours for less app-server CPU per
   * turn: threads start ephemeral (not listed, never resumable or forkable; `threadStart({ ephemeral: false })`
   * wins), shell snapshots are off and commands run without a login shell — so they get no shell-profile
   * environment (PATH additions of nvm, pyenv, … are missing unless `env` has them). Those are spawn
   * settings, so the preset is refused for a remote `url`, a `command` or a `transport`. See {@link CodexPreset}.
   */
  preset?: CodexPreset;
  /** Extra arguments after `app-server`. */
  args?: readonly string[];
  /** Identifies your program to the server. Default `{ name: "codexkit", version: VERSION }`. */
  clientInfo?: ClientInfo;
  /** Opt into experimental API methods and fields (goals need it). Default true. */
  experimentalApi?: boolean;
  /** Notification methods the server should not send at all. */
  optOutNotificationMethods?: string[];
  /** How long start-up (spawn + `initialize`) may take, in ms. Default 30000. */
  startupTimeoutMs?: number;
  /** Staged shutdown timeouts of `close()`, in ms: after ending stdin, then after SIGTERM. Default 2000 each. */
  closeTimeouts?: {
    /** Wait after ending stdin before SIGTERM. */
    graceMs?: number;
    /** Wait after SIGTERM before SIGKILL. */
    termMs?: number;
  };
  /** Tools (from `tool()` / `toolset()`) every thread this client starts, resumes or forks gets; a thread's own `tools` add to and override them by name. */
  tools?: readonly ToolEntry[];
  /** How long a tool's `execute` may run, in ms, when the tool sets no `timeoutMs`. Default 600000 (10 minutes). */
  toolTimeoutMs?: number;
  /** Called for each line from the server that is not JSON-RPC (it is skipped; the connection goes on). */
  onMalformedMessage?: (error: MalformedMessageError) => void;
  /**
   * Called for things worth knowing that are not errors (see {@link CodexWarning}): a server newer than
   * the generated protocol types (once per start), a turn the server is retrying after an error. Default: none.
   */
  onWarning?: (warning: CodexWarning) => void;
  /**
   * OpenTelemetry spans and metrics through `@opentelemetry/api` ({@link TelemetryOptions}): on by default
   * and a no-op until an SDK is registered (or providers are given here); `false` turns them off, and then
   * requests carry no trace context either. Content (prompts, commands, tool arguments and outputs) is
   * recorded only with `recordContent: true`.
   */
  telemetry?: boolean | TelemetryOptions;
  /**
   * Where the debug log goes ({@link CodexLogger}: `console` fits). Default: nothing is logged, unless the
   * `CODEXKIT_DEBUG` environment variable is set (`wire`: the JSON-RPC wire to stderr; `wire,content`: with content).
   */
  logger?: CodexLogger;
  /** How much `logger` gets ({@link CodexLogLevel}); `debug` adds the JSON-RPC wire. Default `info` with a `logger`. */
  logLevel?: CodexLogLevel;
  /** Show content (prompts, messages, commands, outputs, arguments) in the logged wire. Default false. Secrets are redacted either way. */
  logContent?: boolean;
}

/**
 * Checks every option of a client before anything starts: value types, how to connect (and which options
 * make no sense together), the preset, the default tools, the lifecycle limits, telemetry and the log. Each check throws an
 * `InvalidInputError` that names the option.
 */
export function checkClientOptions(options: CodexOptions): void {
  checkCodexOptions(options);
  checkConnectOptions(options);
  checkPreset(options);
  checkClientTools(options);
  checkLifecycleOptions(options);
}

/** The options of `new Codex(...)`. */
function checkCodexOptions(options: unknown): asserts options is CodexOptions | undefined {
  checkOptionsObject(options, "Codex options");
  if (options === undefined) return;
  const o = options as Record<string, unknown>;
  checkStrings(o, ["codexPath", "cwd", "codexHome"]);
  if (o.env !== undefined) {
    if (!isPlainObject(o.env)) refuse("env", "an object of strings", o.env);
    for (const [key, value] of Object.entries(o.env)) {
      if (value !== undefined && typeof value !== "string")
        refuse(`env.${key}`, "a string or undefined", value);
    }
  }
  if (Array.isArray(o.config)) {
    checkStringArray(o.config, "config");
  } else if (o.config !== undefined) {
    if (!isPlainObject(o.config)) refuse("config", "an object or an array of key=value strings", o.config);
    for (const [key, value] of Object.entries(o.config)) {
      if (!["string", "number", "boolean"].includes(typeof value)) {
        refuse(`config.${key}`, "a string, number or boolean", value);
      }
    }
  }
  checkStringArray(o.args, "args");
  if (o.clientInfo !== undefined) {
    if (!isPlainObject(o.clientInfo)) refuse("clientInfo", "an object", o.clientInfo);
    const { name, version } = o.clientInfo;
    if (typeof name !== "string" || name === "") refuse("clientInfo.name", "a non-empty string", name);
    if (typeof version !== "string") refuse("clientInfo.version", "a string", version);
    checkStrings(o.clientInfo, ["title"], "clientInfo.");
  }
  checkBooleans(o, ["experimentalApi"]);
  checkStringArray(o.optOutNotificationMethods, "optOutNotificationMethods");
  checkNumber(o.startupTimeoutMs, "startupTimeoutMs", 0, true);
  if (o.closeTimeouts !== undefined) {
    if (!isPlainObject(o.closeTimeouts)) refuse("closeTimeouts", "an object", o.closeTimeouts);
    checkNumber(o.closeTimeouts.graceMs, "closeTimeouts.graceMs", 0);
    checkNumber(o.closeTimeouts.termMs, "closeTimeouts.termMs", 0);
  }
  checkFunctions(o, ["onMalformedMessage", "onWarning"]);
  checkHandlers(o);
  checkTelemetryOptions(o);
}

// How a `Codex` connects: one of spawn (default), `command`, `url` or `transport`, with only the options
// that apply to it. Nonsense combinations (`url` with `codexPath`, `command` with `url`, a token without a
// `ws(s)://` URL, a token in the URL, …) are refused before anything starts.

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
function checkConnectOptions(options: CodexOptions): void {
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
