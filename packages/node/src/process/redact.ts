/** Patterns of secrets that must never appear in errors, logs or stderr tails we expose. */
const SECRET_PATTERNS: RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{6,}/g, // OpenAI-style API keys (sk-..., sk-proj-...)
  /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g, // JWTs
];

/** Replaces anything that looks like an API key, bearer token or JWT with `[REDACTED]`. */
export function redactSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of extraSecrets) {
    if (secret.length >= 4) out = out.split(secret).join("[REDACTED]");
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match, prefix: unknown) =>
      typeof prefix === "string" && /^Bearer\s+$/i.test(prefix) ? `${prefix}[REDACTED]` : "[REDACTED]",
    );
  }
  return out;
}
