import type {
  AppServerConnection,
  InitializeMetadata,
  JsonRpcMessage,
  Notification,
  ServerRequestEvent,
  Transport,
} from "@codexkit/core";
import type { CodexWarning } from "../client/warnings.js";
import type { CodexLogger, CodexLogLevel } from "./telemetry-options.js";
import { scrubMessage, WireLoggedTransport } from "./wire-log.js";

const LEVELS: Record<CodexLogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** What the log of a client is: where it goes, how much, with content or not. */
export interface LogSettings {
  logger: CodexLogger;
  level: CodexLogLevel;
  content: boolean;
}

/** What decides the log: the client's options and the `CODEXKIT_DEBUG` environment variable. */
export interface LogOptions {
  logger?: CodexLogger | undefined;
  logLevel?: CodexLogLevel | undefined;
  logContent?: boolean | undefined;
}

/**
 * The log settings from the options and `CODEXKIT_DEBUG` (a comma list: `wire` logs the JSON-RPC wire at
 * `debug`, to stderr unless a `logger` is given; `content` adds content). Undefined when nothing is logged.
 */
export function logSettingsOf(options: LogOptions, env = debugEnv()): LogSettings | undefined {
  const flags = new Set(
    (env ?? "")
      .split(",")
      .map((flag) => flag.trim().toLowerCase())
      .filter(Boolean),
  );
  const wire = flags.has("wire") || flags.has("debug") || flags.has("1") || flags.has("true");
  const level: CodexLogLevel = wire ? "debug" : (options.logLevel ?? (options.logger ? "info" : "off"));
  if (level === "off") return undefined;
  return {
    logger: options.logger ?? STDERR_LOGGER,
    level,
    content: options.logContent === true || flags.has("content"),
  };
}

/** `CODEXKIT_DEBUG` where the runtime has an environment (Node, Bun, Deno with env access); else undefined. */
function debugEnv(): string | undefined {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    return env?.CODEXKIT_DEBUG;
  } catch {
    return undefined;
  }
}

/** The logger `CODEXKIT_DEBUG` uses without a `logger` option: one line per entry on stderr (`console.error`). */
const STDERR_LOGGER: CodexLogger = {
  error: (message, fields) => console.error(line("error", message, fields)),
  warn: (message, fields) => console.error(line("warn", message, fields)),
  info: (message, fields) => console.error(line("info", message, fields)),
  debug: (message, fields) => console.error(line("debug", message, fields)),
};

function line(level: string, message: string, fields: Record<string, unknown> | undefined): string {
  if (!fields) return `[codexkit] ${level} ${message}`;
  // The wire is printed as the JSON line it was; other fields as one JSON object.
  const shown = "message" in fields && Object.keys(fields).length === 1 ? fields.message : fields;
  return `[codexkit] ${level} ${message} ${JSON.stringify(shown)}`;
}

/** Notifications codex uses to say something is wrong with its setup. */
const SERVER_WARNINGS = new Set(["configWarning", "warning", "deprecationNotice"]);

/** One session's log: the events of {@link CodexLogger}'s levels, and the wire at `debug`. */
export class SessionLog {
  private readonly level: number;

  constructor(
    private readonly settings: LogSettings,
    private readonly redact: (text: string) => string,
  ) {
    this.level = LEVELS[settings.level];
  }

  /** The transport to speak over: `transport` itself, or a wrapper that logs the wire at `debug`. */
  wire(transport: Transport): Transport {
    transport.onClose((close) => {
      const { endpoint } = transport;
      if (close.byClient) this.emit("info", "connection closed by the client", { endpoint });
      else {
        this.emit("error", "connection closed", {
          endpoint,
          ...(close.code !== undefined ? { code: close.code } : {}),
          ...(close.reason ? { reason: close.reason } : {}),
          ...(close.error ? { error: this.redact(close.error.message) } : {}),
        });
      }
    });
    if (this.level < LEVELS.debug) return transport;
    return new WireLoggedTransport(transport, (direction, message) => this.wireMessage(direction, message));
  }

  /** Subscribes to what the session reports: the notifications it dispatched, and the server requests. */
  attach(
    connection: AppServerConnection,
    notifications: (listener: (notification: Notification) => void) => () => void,
  ): void {
    if (this.level >= LEVELS.warn) {
      connection.onServerRequest((event) => this.serverRequest(event));
      notifications((notification) => this.notification(notification));
    }
  }

  /** `initialize` completed. */
  connected(endpoint: string, metadata: InitializeMetadata): void {
    this.emit("info", "connected", {
      endpoint,
      server: metadata.serverInfo.name,
      version: metadata.serverInfo.version,
    });
  }

  /** A {@link CodexWarning} (as `onWarning` gets it). */
  warning(warning: CodexWarning): void {
    this.emit("warn", warning.message, {
      code: warning.code,
      ...(warning.threadId ? { threadId: warning.threadId } : {}),
      ...(warning.turnId ? { turnId: warning.turnId } : {}),
    });
  }

  private notification(notification: Notification): void {
    const { method } = notification;
    if (method === "turn/started" && this.level >= LEVELS.info) {
      const { threadId, turn } = notification.params;
      this.emit("info", "turn started", { threadId, turnId: turn.id });
    } else if (method === "turn/completed" && this.level >= LEVELS.info) {
      const { threadId, turn } = notification.params;
      this.emit("info", "turn completed", {
        threadId,
        turnId: turn.id,
        status: turn.status,
        durationMs: turn.durationMs,
        ...(turn.error ? { error: this.redact(turn.error.message) } : {}),
      });
    } else if (SERVER_WARNINGS.has(method)) {
      this.emit(
        "warn",
        `codex ${method}`,
        scrubMessage(notification.params, true, this.redact) as Record<string, unknown>,
      );
    }
  }

  private serverRequest(event: ServerRequestEvent): void {
    if (event.answeredBy !== "default" && event.answeredBy !== "unknown") return;
    this.emit("warn", "server request answered by the fail-closed default", {
      method: event.method,
      requestId: event.requestId,
      reason: event.answeredBy === "unknown" ? "unknownMethod" : event.reason,
    });
  }

  private wireMessage(direction: "→" | "←", message: JsonRpcMessage): void {
    try {
      this.settings.logger.debug(`wire ${direction}`, {
        message: scrubMessage(message, this.settings.content, this.redact),
      });
    } catch {
      // a logger that throws must not break the connection
    }
  }

  private emit(level: Exclude<CodexLogLevel, "off">, message: string, fields: Record<string, unknown>): void {
    if (LEVELS[level] > this.level) return;
    try {
      this.settings.logger[level](message, fields);
    } catch {
      // a logger that throws must not break the client
    }
  }
}
