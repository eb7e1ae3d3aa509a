import type { ClientInfo, MalformedMessageError, Transport, WebSocketConstructor } from "@codexkit/core";
import type { RequestHandlers } from "../approvals/approvals.js";
import type { ReconnectOptions } from "../reconnect/reconnect-options.js";
import type { TurnReconnectedEvent } from "../reconnect/turn-reconnected-event.js";
import type { CodexLogger, CodexLogLevel, TelemetryOptions } from "../telemetry/telemetry-options.js";
import type { LifecycleOptions } from "../thread/lifecycle-options.js";
import type { ToolEntry } from "../tools/toolset.js";
import type { CodexPreset } from "./presets.js";
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
   * An opt-in named setup; none by default. `"throughput"` trades two behaviours for less app-server CPU per
   * turn: threads start ephemeral (not listed, never resumable or forkable; `threadStart({ ephemeral: false })`
   * wins) and shell snapshots are off (commands don't start from your login shell's captured environment).
   * The shell-snapshot part is a spawn flag, so the preset is refused for a remote app-server. See
   * {@link CodexPreset}.
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
