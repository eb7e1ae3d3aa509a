import type { MalformedMessageError, Notification, TurnError } from "@codexkit/core";

/** Patterns of secrets that must never appear in errors, logs or stderr tails we expose. */
const SECRET_PATTERNS: RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{6,}/g, // OpenAI-style API keys (sk-..., sk-proj-...)
  /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g, // JWTs
];

/** Replaces anything that looks like an API key, bearer token or JWT with `[REDACTED]`. */
export function redactSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  // longest first, so a secret that contains another is not left half-redacted
  for (const secret of [...extraSecrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) out = out.split(secret).join("[REDACTED]");
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match, prefix: unknown) =>
      typeof prefix === "string" && /^Bearer\s+$/i.test(prefix) ? `${prefix}[REDACTED]` : "[REDACTED]",
    );
  }
  return out;
}

/** Names of environment variables whose values are treated as secrets (API keys, tokens, passwords). */
const SECRET_NAME = /(^|_)(API_?KEY|TOKEN|SECRET|PASSWORD|CREDENTIALS?)(_|$)/i;

/** The values of secret-looking environment variables (8 characters or more), to redact wherever they show. */
export function secretValuesOf(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env).flatMap(([name, value]) =>
    value !== undefined && value.length >= 8 && SECRET_NAME.test(name) ? [value] : [],
  );
}

/**
 * Redacts an error in place — message, stack, stderr tail, the server's message, a malformed line, and its
 * causes — and returns it (the same object, so errors shared between calls stay shared).
 */
export function redactError<E>(error: E, redact: (text: string) => string, depth = 0): E {
  if (!(error instanceof Error) || depth > 4) return error;
  const fields = error as unknown as Record<string, unknown>;
  for (const key of ["message", "stack", "stderrTail", "rpcMessage", "line", "data"]) {
    const value = fields[key];
    if (typeof value !== "string") continue;
    const clean = redact(value);
    if (clean !== value) fields[key] = clean;
  }
  redactError(error.cause, redact, depth + 1);
  return error;
}

/** Wraps a malformed-line hook so the line it is shown has secrets redacted. */
export function redactedHook(
  hook: (error: MalformedMessageError) => void,
  redact: (text: string) => string,
): (error: MalformedMessageError) => void {
  return (error) => hook(redactError(error, redact));
}

/** Redacts the turn error of an `error` or `turn/completed` notification in place. */
export function redactTurnErrors(notification: Notification, redact: (text: string) => string): void {
  // A model error can quote the API key (e.g. a 401 body): redact turn errors before anyone sees them.
  if (notification.method === "error") redactTurnError(notification.params.error, redact);
  if (notification.method === "turn/completed") redactTurnError(notification.params.turn.error, redact);
}

/** Redacts a turn error's texts in place. */
function redactTurnError(error: TurnError | null | undefined, redact: (text: string) => string): void {
  if (!error) return;
  error.message = redact(error.message);
  if (typeof error.additionalDetails === "string") error.additionalDetails = redact(error.additionalDetails);
}
