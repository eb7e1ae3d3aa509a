import {
  checkServerVersion,
  type ErrorNotification,
  GENERATED_FROM_CODEX_VERSION,
  type InitializeMetadata,
  MINIMUM_CODEX_VERSION,
  type ServerInfo,
  type TurnError,
} from "@codexkit/core";

/**
 * Stable codes of {@link CodexWarning}s:
 * - `server_version_newer`: the app-server is newer than the protocol types codexkit was generated from
 *   (it works; methods or fields it added are not typed). Reported once per start.
 * - `server_version_unknown`: the app-server's version could not be compared (a source build reports
 *   `0.0.0`, or the user agent has no `name/version`). Reported once per start.
 * - `turn_retrying`: the server hit an error in a turn and is retrying (an `error` notification with
 *   `willRetry: true`, e.g. "Reconnecting... 1/5"). The turn goes on; see also `TurnResult.retries`.
 */
export type CodexWarningCode = "server_version_newer" | "server_version_unknown" | "turn_retrying";

/**
 * Something worth telling the user that is not an error: the operation goes on. Delivered to
 * `CodexOptions.onWarning`. Branch on `code`; `message` is for people.
 *
 * @example
 * ```ts
 * const codex = new Codex({ onWarning: (w) => console.warn(`[codex ${w.code}] ${w.message}`) });
 * ```
 */
export interface CodexWarning {
  /** What kind of warning this is (stable). */
  code: CodexWarningCode;
  /** A readable one-line description. */
  message: string;
  /** The thread it concerns, for turn warnings. */
  threadId?: string;
  /** The turn it concerns, for turn warnings. */
  turnId?: string;
  /** The app-server's identity, for the version warnings. */
  serverInfo?: ServerInfo;
  /** The server's error, for `turn_retrying`. */
  turnError?: TurnError;
}

/** Calls the user's warning callback; an exception it throws is rethrown asynchronously, not into codexkit. */
export function deliverWarning(
  onWarning: ((warning: CodexWarning) => void) | undefined,
  warning: CodexWarning,
): void {
  if (!onWarning) return;
  try {
    onWarning(warning);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/**
 * The start-up warning about the server's version, if any: newer than the generated protocol types, or
 * not comparable. (An older server never gets here: `initialize` already refused it.)
 */
export function serverVersionWarning(metadata: InitializeMetadata): CodexWarning | undefined {
  const { serverInfo } = metadata;
  const status = checkServerVersion(serverInfo);
  if (status === "newer") {
    return {
      code: "server_version_newer",
      message:
        `codex app-server ${serverInfo.version} is newer than ${GENERATED_FROM_CODEX_VERSION}, the version ` +
        "codexkit's protocol types come from; it should work, but what it added is untyped",
      serverInfo,
    };
  }
  if (status === "unknown") {
    return {
      code: "server_version_unknown",
      message:
        `codex app-server reports version "${serverInfo.version}" (user agent "${metadata.userAgent}"), which ` +
        `cannot be compared with the supported range ${MINIMUM_CODEX_VERSION}–${GENERATED_FROM_CODEX_VERSION}`,
      serverInfo,
    };
  }
  return undefined;
}

/** The warning that the server hit an error in a turn and is retrying it (`error` with `willRetry: true`). */
export function turnRetryingWarning(params: ErrorNotification): CodexWarning {
  const { error, threadId, turnId } = params;
  const details = error.additionalDetails ? ` (${error.additionalDetails})` : "";
  return {
    code: "turn_retrying",
    message: `turn ${turnId} hit an error and the server is retrying: ${error.message}${details}`,
    threadId,
    turnId,
    turnError: error,
  };
}
