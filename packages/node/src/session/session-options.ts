import type { ClientInfo, InitializeCapabilities, MalformedMessageError } from "@codexkit/core";
import type { RequestHandlers } from "../approvals/approvals.js";
import type { CodexWarning } from "../client/warnings.js";
import type { LogOptions } from "../telemetry/session-log.js";
import type { TelemetryOptions } from "../telemetry/telemetry-options.js";

/** What a {@link Session} is opened with (from `CodexOptions`, see `openSession`). */
export interface SessionOptions {
  /** The `clientInfo` of `initialize`. */
  clientInfo: ClientInfo;
  /** The `capabilities` of `initialize`. */
  capabilities: InitializeCapabilities;
  /** The client's server-request handlers (approvals, questions, elicitations). */
  handlers: RequestHandlers;
  /** Told of each line that is not JSON-RPC (with secrets redacted). */
  onMalformedMessage?: ((error: MalformedMessageError) => void) | undefined;
  /** Told of each warning (`CodexOptions.onWarning`). */
  onWarning?: ((warning: CodexWarning) => void) | undefined;
  /** The secrets to redact from every error, asked for each time (the list grows with logins). */
  secrets: () => readonly string[];
  /** How long a client-defined tool may run (`CodexOptions.toolTimeoutMs`). */
  toolTimeoutMs?: number | undefined;
  /** Spans and metrics (`CodexOptions.telemetry`). */
  telemetry?: boolean | TelemetryOptions | undefined;
  /** The debug log (`CodexOptions.logger`, `logLevel`, `logContent`). */
  log?: LogOptions;
}
