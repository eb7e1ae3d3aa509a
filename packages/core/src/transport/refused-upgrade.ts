/**
 * Naming a WebSocket upgrade the server refused (HTTP 401/403) from what the WebSocket implementation reports,
 * so a wrong or missing token reads as such instead of as a generic connection failure.
 *
 * @module
 */

import { UnauthorizedError } from "../errors.js";

/**
 * The status of a refused upgrade, read from the implementation's error message: `ws` says
 * `Unexpected server response: 401`, other runtimes word it similarly. Undefined when the message names
 * neither 401 nor 403 (undici, Node 22+'s global `WebSocket`, reports no status at all).
 */
export function refusedUpgradeStatus(cause: unknown): 401 | 403 | undefined {
  const message = cause instanceof Error ? cause.message : typeof cause === "string" ? cause : "";
  const match = /\b(?:response|status|code)\b\D{0,20}\b(401|403)\b/i.exec(message);
  if (match?.[1] === "401") return 401;
  if (match?.[1] === "403") return 403;
  return undefined;
}

/**
 * The error for an upgrade answered 401 or 403. It says whether a token was sent, and never what it was.
 *
 * @param endpoint - the endpoint as shown in messages (no credentials, no query)
 * @param status - the HTTP status of the refusal
 * @param options - whether a token was sent, and the implementation's error (kept as `cause`)
 */
export function refusedUpgradeError(
  endpoint: string,
  status: 401 | 403,
  options: { tokenSent: boolean; cause?: unknown },
): UnauthorizedError {
  const message =
    status === 401
      ? options.tokenSent
        ? `codex app-server at ${endpoint} refused the token (HTTP 401 Unauthorized): it is not the one the ` +
          "server was started with (its --ws-token-file, or a JWT signed with its --ws-shared-secret-file); " +
          "pass that one as `token`"
        : `codex app-server at ${endpoint} requires a token (HTTP 401 Unauthorized) and none was sent: ` +
          "pass the server's token as `token` (sent as `Authorization: Bearer …`)"
      : `codex app-server at ${endpoint} refused the connection (HTTP 403 Forbidden): the ` +
        `${options.tokenSent ? "token is not allowed here, or the " : ""}request carried an \`Origin\` header, ` +
        "which codex refuses (browsers always send one: connect from a server-side runtime)";
  return new UnauthorizedError(message, {
    status,
    endpoint,
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  });
}

/**
 * A hint for implementations that hide why an upgrade failed — undici, Node's global `WebSocket`, says
 * "Received network error or non-101 status code" (Node 20, 22) or nothing at all (Node 24) — or an empty
 * string when the implementation said something specific (`ws`: `connect ECONNREFUSED …`).
 */
export function hiddenStatusHint(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : "";
  return message === "" || message === GENERIC_ERROR || /non-101/i.test(message)
    ? " (this WebSocket implementation does not say why: a refused or missing token (HTTP 401), an Origin " +
        "header (403), a wrong path and an unreachable server all look like this; the `ws` package, passed " +
        "as the WebSocket option, names the status)"
    : "";
}

/** The message of an error event that carried none of its own. */
export const GENERIC_ERROR = "WebSocket error";
