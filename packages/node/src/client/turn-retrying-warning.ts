import type { ErrorNotification } from "@codexkit/core";
import type { CodexWarning } from "./warnings.js";

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
