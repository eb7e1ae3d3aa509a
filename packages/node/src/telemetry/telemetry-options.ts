import type { MeterProvider, TracerProvider } from "@opentelemetry/api";
import { checkBooleans, checkOneOf, isPlainObject, refuse } from "../internal/validation.js";

/**
 * OpenTelemetry settings of a client (`CodexOptions.telemetry`). codexkit instruments itself through
 * `@opentelemetry/api` only: without an SDK registered (and no provider given here) every call is a no-op.
 *
 * What it records: one `invoke_agent codex` span per turn (a child of the span active where the turn was
 * started), an `execute_tool` span per tool the turn runs, a short `jsonrpc` client span per request, and
 * the GenAI client metrics (`gen_ai.client.operation.duration`, `gen_ai.client.token.usage`) plus
 * `codexkit.turns.active`. Every request carries the active span's W3C trace context on its envelope, so
 * codex's own spans join the trace when codex exports them (its `[otel]` config; see docs/telemetry.md).
 *
 * @example
 * ```ts
 * const codex = new Codex({ telemetry: { tracerProvider, meterProvider, recordContent: true } });
 * ```
 */
export interface TelemetryOptions {
  /** Where spans go. Default: the global provider (`trace.getTracerProvider()`), a no-op until an SDK registers one. */
  tracerProvider?: TracerProvider;
  /** Where metrics go. Default: the global provider (`metrics.getMeterProvider()`), a no-op until an SDK registers one. */
  meterProvider?: MeterProvider;
  /**
   * Also record content: prompts and final answers (`gen_ai.input.messages`, `gen_ai.output.messages`),
   * command text and output, tool arguments and results, steer input, approval texts, retry messages.
   * Default false: spans then hold only ids, names, statuses, counts and timings. Known secrets are
   * redacted either way.
   */
  recordContent?: boolean;
}

/** The levels of {@link CodexLogger}, from quietest to most verbose; `off` logs nothing. */
export type CodexLogLevel = "off" | "error" | "warn" | "info" | "debug";

/**
 * Where codexkit's log goes (`CodexOptions.logger`); `console` fits, and so do pino- or winston-style
 * loggers. Each call gets a short message and, where there is one, an object of fields.
 *
 * What is logged, by level (each level includes the ones above it):
 * - `error`: the connection to the app-server closed without the client closing it (endpoint, error).
 * - `warn`: each `CodexWarning` (as `onWarning` gets it); codex's `configWarning`, `warning` and
 *   `deprecationNotice` notifications (a config.toml codex discarded shows up here); a server request
 *   answered by the fail-closed default.
 * - `info`: connected (endpoint, server name and version); each turn started and completed (status,
 *   duration, tokens); the client closing the connection.
 * - `debug`: the JSON-RPC wire, every message in both directions (`wire →` sent, `wire ←` received).
 *   Content (prompts, messages, commands, outputs, arguments) is replaced by its length unless
 *   `logContent` is on; known secrets, API keys, bearer tokens and `Authorization`-like fields are
 *   always redacted.
 */
export interface CodexLogger {
  /** Something failed. */
  error(message: string, fields?: Record<string, unknown>): void;
  /** Something is off but the client goes on. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** What the client is doing, one line per connection or turn event. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** The JSON-RPC wire. */
  debug(message: string, fields?: Record<string, unknown>): void;
}

/** The levels `logLevel` accepts. */
const LOG_LEVELS = ["off", "error", "warn", "info", "debug"] as const satisfies readonly CodexLogLevel[];

/** Checks `telemetry`, `logger`, `logLevel` and `logContent` of `new Codex(...)` (an `InvalidInputError` naming the option). */
export function checkTelemetryOptions(o: Record<string, unknown>): void {
  const telemetry = o.telemetry;
  if (telemetry !== undefined && typeof telemetry !== "boolean") {
    if (!isPlainObject(telemetry)) refuse("telemetry", "a boolean or an options object", telemetry);
    for (const [key, method] of [
      ["tracerProvider", "getTracer"],
      ["meterProvider", "getMeter"],
    ] as const) {
      const provider = telemetry[key];
      if (
        provider !== undefined &&
        typeof (provider as Record<string, unknown> | null)?.[method] !== "function"
      )
        refuse(`telemetry.${key}`, `an object with ${method}()`, provider);
    }
    checkBooleans(telemetry, ["recordContent"], "telemetry.");
  }
  if (o.logger !== undefined) {
    const logger = o.logger as Record<string, unknown> | null;
    for (const level of ["error", "warn", "info", "debug"]) {
      if (typeof logger?.[level] !== "function") refuse(`logger.${level}`, "a function", logger?.[level]);
    }
  }
  checkOneOf(o.logLevel, "logLevel", LOG_LEVELS);
  checkBooleans(o, ["logContent"]);
}
