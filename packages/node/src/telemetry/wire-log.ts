import type { CodexError, JsonRpcMessage, Transport, TransportClose } from "@codexkit/core";

/**
 * The JSON-RPC wire as the debug log shows it: each message in both directions, with content replaced
 * by its length unless content is asked for, and secrets always redacted.
 *
 * @module
 */

/** Keys whose string values are shown as they are: ids, names, kinds and statuses, not content. */
const PLAIN_KEYS = new Set([
  "jsonrpc",
  "method",
  "id",
  "type",
  "status",
  "kind",
  "threadId",
  "turnId",
  "itemId",
  "callId",
  "requestId",
  "reviewId",
  "processId",
  "loginId",
  "expectedTurnId",
  "model",
  "modelProvider",
  "effort",
  "phase",
  "role",
  "name",
  "tool",
  "namespace",
  "server",
  "decision",
  "approvalPolicy",
  "approvalsReviewer",
  "sandbox",
  "serviceTier",
  "source",
  "cwd",
  "version",
  "userAgent",
  "traceparent",
  "tracestate",
  "message",
  "code",
  "codexErrorInfo",
]);

/** Keys whose values are secrets, whatever they hold. */
const SECRET_KEY = /key|token|secret|password|authorization|cookie|credential/i;

/**
 * A copy of `message` for the log: with `content` false every string under a key not in the plain list is
 * replaced by `"[N chars]"`; secret-named keys are `"[REDACTED]"` either way; every kept string goes
 * through `redact`.
 */
export function scrubMessage(message: unknown, content: boolean, redact: (text: string) => string): unknown {
  const visit = (value: unknown, key: string | undefined, depth: number): unknown => {
    if (key !== undefined && SECRET_KEY.test(key) && value !== null && typeof value !== "object")
      return "[REDACTED]";
    if (typeof value === "string") {
      if (content || (key !== undefined && PLAIN_KEYS.has(key))) return redact(value);
      return `[${value.length} chars]`;
    }
    if (value === null || typeof value !== "object") return value;
    if (depth > 32) return "[…]";
    if (Array.isArray(value)) return value.map((v) => visit(v, key, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = visit(v, k, depth + 1);
    return out;
  };
  return visit(message, undefined, 0);
}

/**
 * A transport that hands every message sent and received to `log`, then behaves exactly like the one it
 * wraps (the connection speaks over it only while the wire is logged).
 */
export class WireLoggedTransport implements Transport {
  readonly describeClose?: (close: TransportClose) => CodexError | Promise<CodexError>;

  constructor(
    private readonly inner: Transport,
    private readonly log: (direction: "→" | "←", message: JsonRpcMessage) => void,
  ) {
    // Registered before the connection's reader, so a message is logged before it is handled.
    inner.onMessage((message) => log("←", message));
    if (inner.describeClose) this.describeClose = (close) => inner.describeClose!(close);
  }

  get endpoint(): string {
    return this.inner.endpoint;
  }

  get exclusive(): boolean | undefined {
    return this.inner.exclusive;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JsonRpcMessage): Promise<void> {
    this.log("→", message);
    return this.inner.send(message);
  }

  onMessage(listener: (message: JsonRpcMessage) => void): () => void {
    return this.inner.onMessage(listener);
  }

  onError(listener: (error: Error) => void): () => void {
    return this.inner.onError(listener);
  }

  onClose(listener: (close: TransportClose) => void): () => void {
    return this.inner.onClose(listener);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
