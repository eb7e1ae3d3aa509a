import type { W3cTraceContext } from "@codexkit/core";
import { type Context, isSpanContextValid, trace } from "@opentelemetry/api";

/**
 * The W3C trace context of the span active in `ctx`, for a request's envelope: `traceparent`
 * (`00-<trace id>-<span id>-<flags>`) and `tracestate` when there is one. Built from the span context
 * itself, so it does not depend on a global propagator being registered. Undefined without a valid span
 * (no SDK, or nothing active): the request then carries no `trace`.
 */
export function traceCarrierOf(ctx: Context): W3cTraceContext | undefined {
  const spanContext = trace.getSpanContext(ctx);
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, "0");
  const carrier: W3cTraceContext = {
    traceparent: `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`,
  };
  const state = spanContext.traceState?.serialize();
  if (state) carrier.tracestate = state;
  return carrier;
}
