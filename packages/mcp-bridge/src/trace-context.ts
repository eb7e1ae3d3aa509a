/**
 * The host's W3C trace context on an MCP request (`_meta.traceparent` / `_meta.tracestate`, protocol
 * revision 2026-07-28; 2025-era clients may send the same keys), continued into the Codex calls a tool makes:
 * `@codexkit/node`'s `invoke_agent` span becomes a child of the host's span, and the trace goes on to codex on
 * the JSON-RPC envelope. Only `@opentelemetry/api` is used: without a registered OpenTelemetry SDK (and its
 * context manager) this is a no-op.
 *
 * @module
 */

import { TRACEPARENT_META_KEY, TRACESTATE_META_KEY } from "@modelcontextprotocol/server";
import {
  type Context,
  context,
  createTraceState,
  ROOT_CONTEXT,
  type SpanContext,
  trace,
} from "@opentelemetry/api";
import type { BridgeLogger } from "./logger.js";

/** `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>` (W3C Trace Context, version 00). */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE_ID = "0".repeat(32);
const ZERO_SPAN_ID = "0".repeat(16);

/** Why a `traceparent` was not usable, or the remote span context it names. */
type Parsed = { ok: true; spanContext: SpanContext } | { ok: false; reason: string };

/**
 * Parses a W3C `traceparent` (version 00) and an optional `tracestate` into a remote span context. A trace
 * id or span id of all zeros, upper-case hex, another version or extra fields are rejected.
 */
export function parseTraceparent(traceparent: unknown, tracestate?: unknown): Parsed {
  if (typeof traceparent !== "string") return { ok: false, reason: "traceparent is not a string" };
  const match = TRACEPARENT.exec(traceparent.trim());
  if (!match) return { ok: false, reason: "traceparent is not version 00 with lower-case hex fields" };
  const [, traceId = "", spanId = "", flags = ""] = match;
  if (traceId === ZERO_TRACE_ID) return { ok: false, reason: "the trace id is all zeros" };
  if (spanId === ZERO_SPAN_ID) return { ok: false, reason: "the parent span id is all zeros" };
  const spanContext: SpanContext = {
    traceId,
    spanId,
    traceFlags: Number.parseInt(flags, 16) & 0xff,
    isRemote: true,
  };
  if (typeof tracestate === "string" && tracestate.trim() !== "") {
    spanContext.traceState = createTraceState(tracestate);
  }
  return { ok: true, spanContext };
}

/**
 * The OpenTelemetry context of a request's `_meta` trace carrier: the host's span as a remote parent, or
 * `undefined` when the request carries none or a malformed one (logged at debug: the call goes on as a root).
 */
export function remoteParentContext(meta: unknown, logger: BridgeLogger): Context | undefined {
  if (typeof meta !== "object" || meta === null) return undefined;
  const carrier = meta as Record<string, unknown>;
  const traceparent = carrier[TRACEPARENT_META_KEY];
  if (traceparent === undefined) return undefined;
  const parsed = parseTraceparent(traceparent, carrier[TRACESTATE_META_KEY]);
  if (!parsed.ok) {
    logger.debug(`ignoring the request's _meta.${TRACEPARENT_META_KEY}: ${parsed.reason}`);
    return undefined;
  }
  return trace.setSpanContext(ROOT_CONTEXT, parsed.spanContext);
}

/**
 * Runs `fn` in the context of the host's span named by `meta` (a request's `_meta`), so the Codex turns it
 * starts, and the background runs it leaves running, continue the host's trace; without a usable carrier,
 * runs it as is.
 */
export function withRemoteParent<T>(meta: unknown, logger: BridgeLogger, fn: () => T): T {
  const parent = remoteParentContext(meta, logger);
  return parent ? context.with(parent, fn) : fn();
}
