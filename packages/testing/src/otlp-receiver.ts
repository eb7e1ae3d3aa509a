/**
 * {@link startOtlpReceiver}: a loopback OTLP/HTTP (JSON) receiver that collects the spans codex exports
 * itself, and {@link otelConfig}: the `[otel]` table that points codex's exporter at it.
 *
 * @module
 */

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { scaledTimeout } from "./time-scale.js";
import type { TomlTable } from "./toml.js";

/** One span as received, flattened from OTLP/JSON (`resourceSpans[].scopeSpans[].spans[]`). */
export interface ReceivedSpan {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  /** The parent's span id, or undefined for a root span. */
  parentSpanId: string | undefined;
  /** The span's name (e.g. `turn/start`). */
  name: string;
  /** OTLP span kind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer (0 unspecified). */
  kind: number;
  /** Attributes as plain values (strings, numbers, booleans, arrays). */
  attributes: Record<string, unknown>;
  /** The resource's `service.name`. */
  serviceName: string | undefined;
  /** The instrumentation scope's name. */
  scope: string | undefined;
}

/** Options of {@link OtlpReceiver.waitForSpans}. */
export interface SpanWaitOptions {
  /**
   * Reject after this many milliseconds (default `scaledTimeout(30000)`: codex exports in batches, or when it
   * shuts down).
   */
  timeoutMs?: number;
}

/** A running receiver; close it with {@link OtlpReceiver.close} or `await using`. */
export interface OtlpReceiver extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`: OTLP/HTTP's base URL (what `OTEL_EXPORTER_OTLP_ENDPOINT` would hold). */
  readonly url: string;
  /** `http://127.0.0.1:PORT/v1/traces`: codex's `trace_exporter` endpoint. */
  readonly endpoint: string;
  /** Every span received so far, in arrival order. */
  readonly spans: readonly ReceivedSpan[];
  /** How many export requests arrived, by path (`/v1/traces`, `/v1/logs`, `/v1/metrics`). */
  readonly requests: Readonly<Record<string, number>>;
  /** Resolves with the spans once `done(spans)` holds (checked now and after every export). */
  waitForSpans(
    done: (spans: readonly ReceivedSpan[]) => boolean,
    options?: SpanWaitOptions,
  ): Promise<ReceivedSpan[]>;
  /** The spans of one trace. */
  trace(traceId: string): ReceivedSpan[];
  /** Stops listening. Idempotent. */
  close(): Promise<void>;
}

/**
 * The `[otel]` table that makes codex export its spans to `endpoint` (OTLP/HTTP, JSON), for
 * `createCodexHome({ otel })` or your own config. Every value is one codex accepts: **an invalid `[otel]`
 * value makes codex discard the whole config.toml** (it then runs on defaults, without the scripted model,
 * and reports it only in a `configWarning` notification).
 *
 * @example
 * otelConfig("http://127.0.0.1:4318/v1/traces");
 * // { environment: "test", trace_exporter: { "otlp-http": { endpoint: "…", protocol: "json" } } }
 */
export function otelConfig(endpoint: string): TomlTable {
  if (!/^https?:\/\/[^\s"]+$/.test(endpoint))
    throw new TypeError(`otel endpoint must be an http(s) URL, got ${JSON.stringify(endpoint)}`);
  return {
    environment: "test",
    trace_exporter: { "otlp-http": { endpoint, protocol: "json" } },
  };
}

/**
 * Starts a loopback OTLP/HTTP receiver on 127.0.0.1 (a free port). It accepts JSON exports on
 * `/v1/traces` (collected), `/v1/logs` and `/v1/metrics` (counted, not kept), gzip or not, and answers
 * each with `200 {}`.
 *
 * @example
 * ```ts
 * await using receiver = await startOtlpReceiver();
 * await using t = await createTestCodex({ otel: receiver, script: [Reply.message("hi")] });
 * // … run a turn under a span, then close codex (it flushes its spans at shutdown)
 * await t.codex.close();
 * const spans = await receiver.waitForSpans((s) => s.some((span) => span.name === "turn/start"));
 * ```
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const requests: Record<string, number> = {};
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    void receive(request, response);
  });
  const receive = async (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    try {
      const body = await readBody(request);
      requests[path] = (requests[path] ?? 0) + 1;
      if (path === "/v1/traces") spans.push(...spansOf(JSON.parse(body.toString("utf8"))));
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    } catch (error) {
      response.writeHead(400, { "content-type": "text/plain" }).end(String(error));
    }
    for (const waiter of [...waiters]) waiter();
  };
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      for (const waiter of [...waiters]) waiter();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };
  return {
    url,
    endpoint: `${url}/v1/traces`,
    spans,
    requests,
    trace: (traceId) => spans.filter((span) => span.traceId === traceId),
    waitForSpans: (done, options = {}) => {
      const timeoutMs = options.timeoutMs ?? scaledTimeout(30_000);
      return new Promise<ReceivedSpan[]>((resolve, reject) => {
        const check = () => {
          if (done(spans)) {
            finish();
            resolve([...spans]);
          } else if (closed) {
            finish();
            reject(new Error(`the OTLP receiver closed while waiting for spans (got ${spans.length})`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for spans (got ${spans.length})`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return request.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
}

interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string;
}
interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number | string;
  attributes?: OtlpKeyValue[];
}
interface OtlpTraces {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: Array<{ scope?: { name?: string }; spans?: OtlpSpan[] }>;
  }>;
}

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

function spansOf(body: OtlpTraces): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const resourceSpans of body.resourceSpans ?? []) {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    const serviceName = typeof resource["service.name"] === "string" ? resource["service.name"] : undefined;
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        const parent = span.parentSpanId ? hexId(span.parentSpanId) : "";
        out.push({
          traceId: hexId(span.traceId ?? ""),
          spanId: hexId(span.spanId ?? ""),
          parentSpanId: parent === "" || /^0+$/.test(parent) ? undefined : parent,
          name: span.name ?? "",
          kind: typeof span.kind === "number" ? span.kind : (SPAN_KINDS[span.kind ?? ""] ?? 0),
          attributes: attributesOf(span.attributes),
          serviceName,
          scope: scopeSpans.scope?.name,
        });
      }
    }
  }
  return out;
}

/** OTLP/JSON ids are hex; some exporters send base64 (protobuf's JSON mapping): both become lowercase hex. */
function hexId(id: string): string {
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase();
  return Buffer.from(id, "base64").toString("hex");
}

function attributesOf(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) out[key] = plainValueOf(value);
  return out;
}

function plainValueOf(value: OtlpAnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plainValueOf);
  if (value.kvlistValue) return attributesOf(value.kvlistValue.values);
  return value.bytesValue;
}
