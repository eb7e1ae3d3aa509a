import { createCodexHome, type ModelReply, Reply, ScriptedModel } from "@codexkit/testing";
import {
  type CallToolResult,
  Client as ModernClient,
  InMemoryTransport as ModernInMemoryTransport,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type BridgeLogger, CodexBridge, createBridgeServer } from "../src/index.js";
import { parseTraceparent } from "../src/trace-context.js";
import { MODERN } from "./support/modern-client.js";

// the context manager an application's OpenTelemetry SDK registers: what carries the host's span into the run
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  context.disable();
});

/** The host's span, as an MCP client would send it in `_meta`. */
const HOST_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const HOST_SPAN_ID = "00f067aa0ba902b7";
const TRACEPARENT = `00-${HOST_TRACE_ID}-${HOST_SPAN_ID}-01`;
const TRACESTATE = "vendor=opaque,other=x";

const REVIEWER_ANSWER = JSON.stringify({
  findings: [],
  overall_correctness: "patch is correct",
  overall_explanation: "Fine.",
  overall_confidence_score: 0.9,
});

interface Harness {
  bridge: CodexBridge;
  exporter: InMemorySpanExporter;
  debug: string[];
  close(): Promise<void>;
}

/** An in-process bridge whose Codex client records its spans to memory (the real OpenTelemetry SDK). */
async function startTracedBridge(script: ModelReply[]) {
  const model = await ScriptedModel.start({ script });
  const home = await createCodexHome({ baseUrl: model.baseUrl });
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const debug: string[] = [];
  const logger: BridgeLogger = {
    error() {},
    warn() {},
    info() {},
    debug: (message) => debug.push(message),
  };
  const bridge = new CodexBridge({
    policy: { allowedRoots: [home.workspace], sandbox: "read-only" },
    codexOptions: {
      codexHome: home.path,
      env: { ...home.env, RUST_LOG: "warn" },
      telemetry: { tracerProvider },
    },
    logger,
  });
  const harness: Harness = {
    bridge,
    exporter,
    debug,
    close: async () => {
      await bridge.close();
      await home.dispose();
      await model.close();
    },
  };
  return harness;
}

/** The finished `invoke_agent` span of the turn `turnId`. */
function turnSpan(exporter: InMemorySpanExporter, turnId: string): ReadableSpan {
  const found = exporter
    .getFinishedSpans()
    .filter((s) => s.name.startsWith("invoke_agent") && spanTurnId(s) === turnId);
  if (found.length !== 1)
    throw new Error(`expected one invoke_agent span of turn ${turnId}, got ${found.length}`);
  return found[0]!;
}

function spanTurnId(span: ReadableSpan): unknown {
  return span.attributes["codexkit.turn.id"];
}

/** The `turn/start` (or `review/start`) jsonrpc client span under `parent`. */
function childNamed(
  exporter: InMemorySpanExporter,
  parent: ReadableSpan,
  name: string,
): ReadableSpan | undefined {
  return exporter
    .getFinishedSpans()
    .find((s) => s.name === name && s.parentSpanContext?.spanId === parent.spanContext().spanId);
}

function expectChildOfHost(span: ReadableSpan) {
  expect(span.spanContext().traceId).toBe(HOST_TRACE_ID);
  expect(span.parentSpanContext?.spanId).toBe(HOST_SPAN_ID);
  expect(span.parentSpanContext?.isRemote).toBe(true);
  expect(span.spanContext().traceState?.get("vendor")).toBe("opaque");
}

function expectRoot(span: ReadableSpan) {
  expect(span.parentSpanContext).toBeUndefined();
  expect(span.spanContext().traceId).not.toBe(HOST_TRACE_ID);
}

const structured = <T>(result: unknown) => (result as CallToolResult).structuredContent as T;

describe("the bridge continues the host's trace from a request's _meta.traceparent", () => {
  test("2026-07-28: codex_run (waited and wait: false + codex_wait) and codex_review run under the host's span; without _meta a turn is a root; a malformed carrier is ignored", async () => {
    const t = await startTracedBridge([
      Reply.message("traced answer"),
      Reply.message("background answer"),
      Reply.message(REVIEWER_ANSWER),
      Reply.message("untraced answer"),
      Reply.message("malformed answer"),
    ]);
    try {
      // the SDK's serving entry picks the era from the opening exchange (as the CLI's stdio does)
      const [clientSide, serverSide] = ModernInMemoryTransport.createLinkedPair();
      const served = serveStdio(({ era }) => createBridgeServer(t.bridge, { era }), {
        transport: serverSide,
      });
      const client = new ModernClient(
        { name: "traced-host", version: "1.0.0" },
        { versionNegotiation: { mode: { pin: MODERN } } },
      );
      await client.connect(clientSide);
      const traced = { traceparent: TRACEPARENT, tracestate: TRACESTATE };

      const run = structured<{ turnId: string; finalResponse: string }>(
        await client.callTool({ name: "codex_run", arguments: { prompt: "traced" }, _meta: traced }),
      );
      expect(run.finalResponse).toBe("traced answer");
      const agent = turnSpan(t.exporter, run.turnId);
      expectChildOfHost(agent);
      // the JSON-RPC request that started the turn is its child: the trace goes on to codex on the envelope
      expect(childNamed(t.exporter, agent, "turn/start")?.spanContext().traceId).toBe(HOST_TRACE_ID);

      const started = structured<{ turnId: string; status: string }>(
        await client.callTool({
          name: "codex_run",
          arguments: { prompt: "in the background", wait: false },
          _meta: traced,
        }),
      );
      expect(started.status).toBe("running");
      const waited = structured<{ finalResponse: string }>(
        await client.callTool({ name: "codex_wait", arguments: { turnId: started.turnId } }),
      );
      expect(waited.finalResponse).toBe("background answer");
      expectChildOfHost(turnSpan(t.exporter, started.turnId));

      const review = structured<{ turnId: string; status: string }>(
        await client.callTool({
          name: "codex_review",
          arguments: { target: "custom", instructions: "check it" },
          _meta: traced,
        }),
      );
      expect(review.status).toBe("completed");
      expectChildOfHost(turnSpan(t.exporter, review.turnId));

      const plain = structured<{ turnId: string; finalResponse: string }>(
        await client.callTool({ name: "codex_run", arguments: { prompt: "untraced" } }),
      );
      expect(plain.finalResponse).toBe("untraced answer");
      expectRoot(turnSpan(t.exporter, plain.turnId));

      const malformed = structured<{ turnId: string; finalResponse: string }>(
        await client.callTool({
          name: "codex_run",
          arguments: { prompt: "malformed" },
          _meta: { traceparent: `00-${"0".repeat(32)}-${HOST_SPAN_ID}-01` },
        }),
      );
      expect(malformed.finalResponse).toBe("malformed answer");
      expectRoot(turnSpan(t.exporter, malformed.turnId));
      expect(t.debug.some((line) => line.includes("traceparent") && line.includes("all zeros"))).toBe(true);
      await client.close();
      await served.close();
    } finally {
      await t.close();
    }
  });

  test("2025-era clients: _meta.traceparent on tools/call, on a plain call and on a task-augmented one (legacy tasks)", async () => {
    const t = await startTracedBridge([Reply.message("legacy answer"), Reply.message("task answer")]);
    try {
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await createBridgeServer(t.bridge).connect(serverSide);
      const client = new Client({ name: "traced-2025-host", version: "1.0.0" });
      await client.connect(clientSide);
      const traced = { traceparent: TRACEPARENT, tracestate: TRACESTATE };

      const run = structured<{ turnId: string; finalResponse: string }>(
        await client.callTool({ name: "codex_run", arguments: { prompt: "traced" }, _meta: traced }),
      );
      expect(run.finalResponse).toBe("legacy answer");
      expectChildOfHost(turnSpan(t.exporter, run.turnId));

      let result: { turnId: string; finalResponse: string } | undefined;
      for await (const message of client.experimental.tasks.callToolStream(
        { name: "codex_run", arguments: { prompt: "as a task" }, _meta: traced },
        undefined,
        { task: { ttl: 60_000 } },
      )) {
        if (message.type === "result") result = structured(message.result);
        if (message.type === "error") throw message.error;
      }
      expect(result?.finalResponse).toBe("task answer");
      expectChildOfHost(turnSpan(t.exporter, result!.turnId));
      await client.close();
    } finally {
      await t.close();
    }
  });
});

describe("parseTraceparent (W3C Trace Context, version 00)", () => {
  test("accepts a valid carrier, with its flags and tracestate", () => {
    const parsed = parseTraceparent(TRACEPARENT, TRACESTATE);
    expect(parsed.ok && parsed.spanContext).toMatchObject({
      traceId: HOST_TRACE_ID,
      spanId: HOST_SPAN_ID,
      traceFlags: 1,
      isRemote: true,
    });
    expect(parsed.ok && parsed.spanContext.traceState?.get("other")).toBe("x");
  });
  test.each([
    ["a number", 42],
    ["another version", `01-${HOST_TRACE_ID}-${HOST_SPAN_ID}-01`],
    ["an all-zero trace id", `00-${"0".repeat(32)}-${HOST_SPAN_ID}-01`],
    ["an all-zero span id", `00-${HOST_TRACE_ID}-${"0".repeat(16)}-01`],
    ["upper-case hex", `00-${HOST_TRACE_ID.toUpperCase()}-${HOST_SPAN_ID}-01`],
    ["a short trace id", `00-${HOST_TRACE_ID.slice(1)}-${HOST_SPAN_ID}-01`],
    ["extra fields", `${TRACEPARENT}-00`],
  ])("rejects %s", (_, traceparent) => {
    expect(parseTraceparent(traceparent).ok).toBe(false);
  });
});
