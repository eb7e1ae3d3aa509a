/**
 * Error classes raised by codexkit. Every error extends {@link CodexError} and carries a stable
 * {@link CodexError.code} to branch on, and a `Symbol.for` marker per class, so that
 * {@link CodexError.isInstance} (`TransportClosedError.isInstance(error)`) recognises an error from another
 * installed copy of codexkit, where `instanceof` says false.
 *
 * @module
 */

import { busyThreadIdOf } from "./server/error-texts.js";
import type { ServerInfo } from "./server/server-info.js";

/** The codes of the errors `@codexkit/core` raises. */
export type CoreErrorCode =
  | "codex_error"
  | "jsonrpc_error"
  | "parse_error"
  | "invalid_request"
  | "thread_busy"
  | "method_not_found"
  | "invalid_params"
  | "internal_error"
  | "server_busy"
  | "retry_limit_exceeded"
  | "transport_closed"
  | "malformed_message"
  | "invalid_input"
  | "aborted"
  | "timeout"
  | "unsupported_server";

/**
 * The stable machine-readable code of a {@link CodexError}: one of core's ({@link CoreErrorCode}), or one a
 * package built on core adds for its own errors (`@codexkit/node`'s `NodeErrorCode`: `turn_failed`,
 * `startup_failed`, `not_logged_in`, …).
 */
export type CodexErrorCode = CoreErrorCode | (string & {});

/** Whether `value` carries the marker `marker` (set by {@link CodexError}'s constructor). */
function hasMarker(value: unknown, marker: string): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[Symbol.for(marker)] === true
  );
}

/** Base class of every error codexkit raises. */
export class CodexError extends Error {
  /**
   * The `Symbol.for` key this class marks its instances with (`codexkit.error.<ClassName>`). Every subclass
   * sets its own; an instance carries the markers of its class and all its base classes.
   */
  static readonly marker: string = "codexkit.error";

  /** A stable code for this kind of failure. */
  readonly code: CodexErrorCode;

  constructor(message: string, options?: { code?: CodexErrorCode; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options?.code ?? "codex_error";
    // Non-enumerable, so errors print and compare as before.
    for (let type: unknown = new.target; type !== Error && typeof type === "function"; ) {
      if (Object.hasOwn(type, "marker"))
        Object.defineProperty(this, Symbol.for((type as typeof CodexError).marker), { value: true });
      type = Object.getPrototypeOf(type);
    }
  }

  /**
   * Whether `error` is an instance of the class this is called on (`TransportClosedError.isInstance(error)`),
   * also when it was raised by another installed copy of codexkit, where `instanceof` says false: it checks
   * the class's `Symbol.for` marker (as vercel/ai's `AISDKError.isInstance`).
   */
  static isInstance<T extends abstract new (...args: never[]) => CodexError>(
    this: T,
    error: unknown,
  ): error is InstanceType<T> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class it is called on, a subclass included
    return hasMarker(error, (this as unknown as typeof CodexError).marker);
  }
}

/** A JSON-RPC error answered by the app-server. */
export class JsonRpcError extends CodexError {
  static override readonly marker: string = "codexkit.error.JsonRpcError";

  /** The JSON-RPC error code (e.g. -32600). */
  readonly rpcCode: number;
  /** The optional `data` member of the JSON-RPC error. */
  readonly data: unknown;
  /** The method of the request that failed, when known. */
  readonly method: string | undefined;
  /** The server's error message, without the prefix this error adds. */
  readonly rpcMessage: string;

  constructor(
    rpcCode: number,
    message: string,
    options?: { data?: unknown; method?: string; code?: CodexErrorCode; cause?: unknown },
  ) {
    super(`JSON-RPC error ${rpcCode}${options?.method ? ` (${options.method})` : ""}: ${message}`, {
      code: options?.code ?? "jsonrpc_error",
      cause: options?.cause,
    });
    this.rpcCode = rpcCode;
    this.data = options?.data;
    this.method = options?.method;
    this.rpcMessage = message;
  }
}

/** -32700: the server could not parse what we sent. */
export class ParseError extends JsonRpcError {
  static override readonly marker: string = "codexkit.error.ParseError";
}
/** -32600: the request was invalid (codex also uses this for most semantic errors). */
export class InvalidRequestError extends JsonRpcError {
  static override readonly marker: string = "codexkit.error.InvalidRequestError";
}
/**
 * codex's "thread <id> already has an active writer": another app-server process (e.g. another pool
 * member on the same `CODEX_HOME`) has the thread loaded, so this one may not resume it. Fork the thread
 * to continue in a new one, or resume it once that process unloads it or exits.
 */
export class ThreadBusyError extends InvalidRequestError {
  static override readonly marker: string = "codexkit.error.ThreadBusyError";

  /** The thread that is busy, as named by the server. */
  readonly threadId: string | undefined;

  constructor(
    rpcCode: number,
    message: string,
    options?: { data?: unknown; method?: string; cause?: unknown },
  ) {
    super(rpcCode, message, { ...options, code: "thread_busy" });
    this.threadId = busyThreadIdOf(message);
    this.message = `${this.message} (another app-server process has this thread loaded: fork it to continue in a new thread, or resume it after that process unloads it or exits)`;
  }
}
/** -32601, or codex's `unknown variant` -32600: the server does not know the method. */
export class MethodNotFoundError extends JsonRpcError {
  static override readonly marker: string = "codexkit.error.MethodNotFoundError";
}
/** -32602: the params were invalid. */
export class InvalidParamsError extends JsonRpcError {
  static override readonly marker: string = "codexkit.error.InvalidParamsError";
}
/** -32603: the server failed internally. */
export class InternalRpcError extends JsonRpcError {
  static override readonly marker: string = "codexkit.error.InternalRpcError";
}
/** -32001 (or `server_overloaded` data): the app-server is overloaded; retry later. */
export class ServerBusyError extends JsonRpcError {
  static override readonly marker: string = "codexkit.error.ServerBusyError";
}
/** The server gave up after too many failed attempts. Still retryable as overload. */
export class RetryLimitExceededError extends ServerBusyError {
  static override readonly marker: string = "codexkit.error.RetryLimitExceededError";
}

/** The connection to the app-server ended; pending and later calls fail with this. */
export class TransportClosedError extends CodexError {
  static override readonly marker: string = "codexkit.error.TransportClosedError";

  /** Tail of the process's stderr, when the transport knows it. */
  readonly stderrTail: string | undefined;
  /** The endpoint the transport was connected to (e.g. `ws://127.0.0.1:4500`), when known. Never holds secrets. */
  readonly endpoint: string | undefined;
  /** The close code: a WebSocket close code, or a process exit code. */
  readonly closeCode: number | undefined;

  constructor(
    message = "The connection to codex app-server is closed",
    options?: {
      stderrTail?: string;
      cause?: unknown;
      code?: CodexErrorCode;
      endpoint?: string;
      closeCode?: number;
    },
  ) {
    super(options?.stderrTail ? `${message}\n--- stderr tail ---\n${options.stderrTail}` : message, {
      code: options?.code ?? "transport_closed",
      cause: options?.cause,
    });
    this.stderrTail = options?.stderrTail;
    this.endpoint = options?.endpoint;
    this.closeCode = options?.closeCode;
  }
}

/** A line from the server that is not a JSON-RPC message. The connection keeps going. */
export class MalformedMessageError extends CodexError {
  static override readonly marker: string = "codexkit.error.MalformedMessageError";

  /** The offending line, truncated to {@link MalformedMessageError.MAX_LINE} characters. */
  readonly line: string;
  /** The line's full length in characters. */
  readonly length: number;
  /** How many characters of the offending line are kept. */
  static readonly MAX_LINE = 200;

  constructor(line: string, reason: string) {
    const shown =
      line.length > MalformedMessageError.MAX_LINE
        ? `${line.slice(0, MalformedMessageError.MAX_LINE)}…`
        : line;
    super(`Malformed message from codex app-server (${reason}): ${shown}`, { code: "malformed_message" });
    this.line = shown;
    this.length = line.length;
  }
}

/** An argument failed validation before anything was sent. */
export class InvalidInputError extends CodexError {
  static override readonly marker: string = "codexkit.error.InvalidInputError";

  constructor(message: string) {
    super(message, { code: "invalid_input" });
  }
}

/** An operation was cancelled through an `AbortSignal`. */
export class AbortError extends CodexError {
  static override readonly marker: string = "codexkit.error.AbortError";

  constructor(message = "The operation was aborted", options?: { cause?: unknown }) {
    super(message, { code: "aborted", cause: options?.cause });
  }
}

/** An operation did not finish before its deadline. */
export class TimeoutError extends CodexError {
  static override readonly marker: string = "codexkit.error.TimeoutError";

  constructor(message: string) {
    super(message, { code: "timeout" });
  }
}

/**
 * The app-server cannot be used: it did not say who it is (no `userAgent` in `initialize`), or it is older
 * than `MINIMUM_CODEX_VERSION`. Start-up fails with this and the process is closed.
 */
export class UnsupportedServerError extends CodexError {
  static override readonly marker: string = "codexkit.error.UnsupportedServerError";

  /** The server's name and version, when it gave them. */
  readonly serverInfo: ServerInfo | undefined;
  /** What the server left out of its `initialize` answer, when that is the problem. */
  readonly missing: "userAgent" | undefined;

  constructor(message: string, options: { serverInfo?: ServerInfo; missing: "userAgent" | undefined }) {
    super(message, { code: "unsupported_server" });
    this.serverInfo = options.serverInfo;
    this.missing = options.missing;
  }
}
