import { type CodexError, type Transport, UnauthorizedError, UnsupportedServerError } from "@codexkit/core";
import { pickHandlers } from "../approvals/approvals.js";
import type { CodexOptions } from "../client/codex-options.js";
import { StartupError } from "../client/errors.js";
import { VERSION } from "../client/version.js";
import { serverVersionWarning } from "../client/warnings.js";
import { withTimeout } from "../internal/async.js";
import { redactError, redactSecrets } from "../internal/redact.js";
import { Session, type SessionTransport } from "./session.js";

/** A transport that can explain a start-up failure in its own terms (a process: exit code, stderr tail). */
interface ExplainsStartupFailure {
  explainStartupFailure(error: unknown, timedOut: boolean): Promise<CodexError>;
}

function explainsStartupFailure(transport: Transport): transport is Transport & ExplainsStartupFailure {
  return typeof (transport as Partial<ExplainsStartupFailure>).explainStartupFailure === "function";
}

/**
 * Opens a {@link Session} over `connectOver` (a transport, or the maker of a reconnecting one) and completes `initialize` within `startupTimeoutMs`. On
 * failure the transport is closed and the error says what failed where (the endpoint; for a process,
 * its exit code and stderr tail), with every secret redacted.
 */
export async function openSession(
  connectOver: SessionTransport,
  options: CodexOptions,
  client: {
    /** The secrets to redact from every error (the list grows with logins). */
    secrets: readonly string[];
    /** Refuses a turn's `cwd` that cannot exist where the server runs. */
    checkDirectory: (value: string | undefined, name: string, base?: string) => void;
  },
  /** Called with the session before `initialize` is sent (to subscribe listeners). */
  attach?: (session: Session) => void,
): Promise<Session> {
  const session = new Session(connectOver, {
    clientInfo: options.clientInfo ?? { name: "codexkit", title: "codexkit", version: VERSION },
    capabilities: {
      experimentalApi: options.experimentalApi ?? true,
      requestAttestation: false,
      ...(options.optOutNotificationMethods
        ? { optOutNotificationMethods: options.optOutNotificationMethods }
        : {}),
    },
    handlers: pickHandlers(options) ?? {},
    onMalformedMessage: options.onMalformedMessage,
    onWarning: options.onWarning,
    toolTimeoutMs: options.toolTimeoutMs,
    secrets: () => client.secrets,
    checkDirectory: client.checkDirectory,
    telemetry: options.telemetry,
    log: { logger: options.logger, logLevel: options.logLevel, logContent: options.logContent },
  });
  const { transport } = session;
  attach?.(session);
  const timeoutMs = options.startupTimeoutMs ?? 30_000;
  const timedOut = new StartupError(
    `codex app-server (${transport.endpoint}) did not answer initialize within ${timeoutMs} ms`,
  );
  try {
    await withTimeout(session.connection.initialize(), timeoutMs, () => timedOut);
    session.telemetry.connected(transport.endpoint, session.connection.metadata);
    const versionWarning = serverVersionWarning(session.connection.metadata);
    if (versionWarning) session.warn(versionWarning);
    return session;
  } catch (error) {
    const explained = explainsStartupFailure(transport)
      ? await transport.explainStartupFailure(error, error === timedOut)
      : startupFailure(error, transport, timedOut);
    await session.connection.close().catch(() => {});
    throw redactError(explained, (text) => redactSecrets(text, client.secrets));
  }
}

function startupFailure(error: unknown, transport: Transport, timedOut: StartupError): CodexError {
  if (error === timedOut || error instanceof StartupError || error instanceof UnsupportedServerError)
    return error as CodexError;
  // A refused token: the transport's message already names the endpoint, the status and what to do.
  if (error instanceof UnauthorizedError)
    return new StartupError(error.message, { cause: error, code: "unauthorized" });
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new StartupError(`codex app-server at ${transport.endpoint} failed during start-up: ${message}`, {
    cause: error,
  });
}
