import {
  ApprovalMode,
  Codex,
  type CodexLogger,
  InvalidInputError,
  type JsonRpcMessage,
  TurnFailedError,
  tool,
} from "@codexkit/node";
import { createTestCodex, Item, Reply, scaledTimeout, startOtlpReceiver } from "@codexkit/testing";
import { context, type Span, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { failedResult } from "./support/helpers.js";
import { memoryTracing, only, parentOf, treeOf } from "./support/spans.js";

/** A metric reader the test collects from on demand (the SDK's MetricReader with nothing to export to). */
class CollectingReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

/** A logger that keeps the wire it is shown (debug entries) and every other entry. */
function recordingLogger() {
  const wire: Array<{ direction: string; message: JsonRpcMessage }> = [];
  const entries: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const keep = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    if (level === "debug" && message.startsWith("wire "))
      wire.push({ direction: message.slice(5), message: fields?.message as JsonRpcMessage });
    else entries.push({ level, message, ...(fields ? { fields } : {}) });
  };
  const logger: CodexLogger = {
    error: keep("error"),
    warn: keep("warn"),
    info: keep("info"),
    debug: keep("debug"),
  };
  return { logger, wire, entries };
}

/** Runs `fn` inside a new active span named `caller`, ended afterwards; returns the span and fn's value. */
async function underCaller<T>(
  tracer: ReturnType<typeof memoryTracing>["tracer"],
  fn: () => Promise<T>,
): Promise<{ caller: Span; value: T }> {
  return tracer.startActiveSpan("caller", async (caller) => {
    try {
      return { caller, value: await fn() };
    } finally {
      caller.end();
    }
  });
}

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  context.disable();
});

/** Goals run offline with `[features] goals = true`: the server starts the goal's turns by itself. */
const GOALS = { features: { goals: true } };

// Eight app-servers run at once here: the app-server tier's (scaled) test timeout is their hang guard.
describe.concurrent("OpenTelemetry spans of a real turn", () => {
  it("one invoke_agent span under the caller's span, an execute_tool child per tool, user spans nested in execute()", async () => {
    const { exporter, provider, tracer } = memoryTracing();
    const reader = new CollectingReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const weather = tool({
      name: "lookup_weather",
      description: "Current weather for a city",
      parameters: z.object({ city: z.string() }),
      execute: ({ city }) =>
        tracer.startActiveSpan("user lookup", (span) => {
          span.end();
          return `18°C in ${city}`;
        }),
    });
    await using t = await createTestCodex({
      script: [
        Reply.execCommand("echo telemetry-probe", { callId: "call_cmd" }),
        Reply.toolCall("lookup_weather", { city: "Paris" }, { callId: "call_w" }),
        Reply.message("done"),
      ],
      codex: { telemetry: { tracerProvider: provider, meterProvider } },
    });
    const { caller, value: result } = await underCaller(tracer, async () => {
      const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [weather] });
      return thread.run("check the weather");
    });
    expect(result.status).toBe("completed");
    expect(t.codex.stats().telemetryTurns).toBe(0);
    const spans = exporter.getFinishedSpans();
    const callerId = caller.spanContext().spanId;
    const traceId = caller.spanContext().traceId;

    expect(treeOf(spans, only(spans, "caller"))).toEqual([
      "caller",
      "  thread/start",
      "  account/read", // the account check before a thread's first turn
      "  invoke_agent codex",
      "    turn/start",
      "    execute_tool exec_command",
      "    execute_tool lookup_weather",
      "      user lookup",
    ]);
    const turn = only(spans, "invoke_agent codex");
    expect(parentOf(turn)).toBe(callerId);
    expect(turn.spanContext().traceId).toBe(traceId);
    expect(turn.attributes).toMatchObject({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": "codex",
      "gen_ai.conversation.id": result.threadId,
      "codexkit.turn.id": result.id,
      "codexkit.turn.status": "completed",
      "gen_ai.request.model": "mock-model",
      "gen_ai.provider.name": "mock",
    });
    // three model responses; the thread's running total after its first turn is the turn's sum
    expect(result.usage?.total.inputTokens).toBeGreaterThan(0);
    expect(turn.attributes["gen_ai.usage.input_tokens"]).toBe(result.usage?.total.inputTokens);
    expect(turn.attributes["gen_ai.usage.output_tokens"]).toBe(result.usage?.total.outputTokens);
    expect(turn.status.code).toBe(SpanStatusCode.UNSET);

    const command = only(spans, "execute_tool exec_command");
    expect(command.attributes).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "exec_command",
      "gen_ai.tool.call.id": "call_cmd",
      "gen_ai.tool.type": "function",
      "codexkit.tool.kind": "commandExecution",
      "process.exit.code": 0,
    });
    const weatherSpan = only(spans, "execute_tool lookup_weather");
    expect(weatherSpan.attributes).toMatchObject({
      "gen_ai.tool.name": "lookup_weather",
      "gen_ai.tool.call.id": "call_w",
      "codexkit.tool.kind": "dynamicToolCall",
    });
    expect(parentOf(only(spans, "user lookup"))).toBe(weatherSpan.spanContext().spanId);
    // the client calls: rpc spans, the turn's own turn/start inside the turn span
    expect(only(spans, "turn/start").attributes).toEqual({
      "rpc.system": "jsonrpc",
      "rpc.method": "turn/start",
    });
    expect(parentOf(only(spans, "thread/start"))).toBe(callerId);

    // content is off by default: no prompt, answer, command text, arguments or outputs anywhere
    const keys = spans.flatMap((s) => Object.keys(s.attributes));
    for (const key of [
      "gen_ai.input.messages",
      "gen_ai.output.messages",
      "gen_ai.tool.call.arguments",
      "gen_ai.tool.call.result",
    ])
      expect(keys).not.toContain(key);
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toMatch(
      /telemetry-probe|Paris|check the weather/,
    );

    // metrics: one turn's duration, its input and output tokens, and no turn active any more
    const { resourceMetrics } = await reader.collect();
    const metrics = Object.fromEntries(
      resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]),
    );
    const duration = metrics["gen_ai.client.operation.duration"]?.dataPoints[0];
    expect(duration?.attributes).toEqual({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": "codex",
      "gen_ai.request.model": "mock-model",
      "gen_ai.provider.name": "mock",
    });
    expect((duration?.value as { count: number } | undefined)?.count).toBe(1);
    const tokens = metrics["gen_ai.client.token.usage"]?.dataPoints ?? [];
    const sumOf = (type: string) =>
      (tokens.find((p) => p.attributes["gen_ai.token.type"] === type)?.value as { sum: number } | undefined)
        ?.sum;
    expect(sumOf("input")).toBe(result.usage?.total.inputTokens);
    expect(sumOf("output")).toBe(result.usage?.total.outputTokens);
    expect(metrics["codexkit.turns.active"]?.dataPoints[0]?.value).toBe(0);
  });

  it("a failed turn ends its span with status ERROR and error.type; an interrupted one is not an error", async () => {
    const { exporter, provider } = memoryTracing();
    await using t = await createTestCodex({
      script: [Reply.httpError(500), Reply.message("working on it", { stall: true })],
      codex: { telemetry: { tracerProvider: provider } },
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const failed = await failedResult(thread.run("please fail"));
    const handle = await thread.turn("take your time");
    for await (const event of handle.stream()) {
      if (event.method === "item/completed" && event.params.item.type === "agentMessage")
        await handle.interrupt();
    }
    const interrupted = await handle.run();
    expect(interrupted.status).toBe("interrupted");

    const turns = exporter.getFinishedSpans().filter((s) => s.name === "invoke_agent codex");
    const byTurn = (id: string) => turns.find((s) => s.attributes["codexkit.turn.id"] === id) as ReadableSpan;
    const failedSpan = byTurn(failed.id);
    expect(failedSpan.status.code).toBe(SpanStatusCode.ERROR);
    expect(failedSpan.attributes).toMatchObject({
      "error.type": "internalServerError",
      "codexkit.turn.status": "failed",
    });
    const interruptedSpan = byTurn(interrupted.id);
    expect(interruptedSpan.status.code).toBe(SpanStatusCode.UNSET);
    expect(interruptedSpan.attributes["error.type"]).toBeUndefined();
    expect(interruptedSpan.attributes["codexkit.turn.status"]).toBe("interrupted");
    expect(interruptedSpan.events.map((e) => e.name)).toEqual(["codexkit.interrupt"]);
  });

  it("a failed turn codex started itself is an ERROR with error.type too; an interrupted one is not", async () => {
    const { exporter, provider } = memoryTracing();
    await using t = await createTestCodex({
      script: [Reply.httpError(500), Reply.stall()],
      home: GOALS,
      codex: { telemetry: { tracerProvider: provider } },
    });
    const failing = await t.codex.threadStart({ cwd: t.workspace });
    const error = await failing.runGoal("fails").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnFailedError);
    const stopped = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await stopped.startGoal("never finishes");
    await t.model.waitForRequests(2, { timeoutMs: scaledTimeout(60_000) });
    await handle.interrupt();
    expect((await handle.run()).status).toBe("interrupted");
    expect(t.codex.stats().telemetryTurns).toBe(0);

    const turns = exporter.getFinishedSpans().filter((s) => s.name === "invoke_agent codex");
    const ofThread = (threadId: string) =>
      turns.filter((s) => s.attributes["gen_ai.conversation.id"] === threadId);
    const [failed, ...moreFailed] = ofThread(failing.id);
    expect(moreFailed).toEqual([]);
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes).toMatchObject({
      "codexkit.turn.started_by": "server",
      "codexkit.turn.status": "failed",
      "error.type": "internalServerError",
    });
    const [interrupted, ...moreInterrupted] = ofThread(stopped.id);
    expect(moreInterrupted).toEqual([]);
    expect(interrupted?.status.code).toBe(SpanStatusCode.UNSET);
    expect(interrupted?.attributes).toMatchObject({
      "codexkit.turn.started_by": "server",
      "codexkit.turn.status": "interrupted",
    });
    expect(interrupted?.attributes["error.type"]).toBeUndefined();
    expect(interrupted?.events.map((e) => e.name)).toEqual(["codexkit.interrupt"]);
  });

  it("approvals are events on the turn span: who answered (callback, default, reviewer) and the decision; retries too", async () => {
    const { exporter, provider } = memoryTracing();
    const escalated = (cmd: string, callId: string) =>
      Reply.execCommand(cmd, { sandboxPermissions: "require_escalated", justification: "needs it", callId });
    await using t = await createTestCodex({
      script: [
        escalated("echo a > a.txt", "call_a"),
        Reply.message("accepted"),
        escalated("echo b > b.txt", "call_b"),
        Reply.failed("server_error", "model exploded"),
        escalated("echo c > c.txt", "call_c"),
        Reply.message("reviewed"),
      ],
      // one stream retry, so the failed reply is retried
      home: {
        extraConfig: { model_providers: { mock: { stream_max_retries: 1 } } },
      },
      codex: { telemetry: { tracerProvider: provider } },
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.ask });
    const byCallback = await thread.run("ask me", { onApproval: () => "accept" });
    const byDefault = await thread.run("ask nobody"); // no handler: the fail-closed default cancels
    const byReviewer = await thread.run("ask the reviewer", { approvalMode: ApprovalMode.autoReview });
    expect(byReviewer.finalResponse).toBe("reviewed");

    const turns = exporter.getFinishedSpans().filter((s) => s.name === "invoke_agent codex");
    const eventsOf = (id: string) =>
      turns
        .find((s) => s.attributes["codexkit.turn.id"] === id)
        ?.events.map((e) => ({ name: e.name, ...e.attributes }));
    expect(eventsOf(byCallback.id)).toEqual([
      {
        name: "codexkit.approval",
        "codexkit.approval.kind": "commandExecution",
        "codexkit.approval.item_id": "call_a",
        "codexkit.approval.answered_by": "callback",
        "codexkit.approval.decision": "accept",
      },
    ]);
    expect(eventsOf(byDefault.id)).toEqual([
      {
        name: "codexkit.approval",
        "codexkit.approval.kind": "commandExecution",
        "codexkit.approval.item_id": "call_b",
        "codexkit.approval.answered_by": "default",
        "codexkit.approval.default_reason": "noHandler",
        "codexkit.approval.decision": "cancel",
      },
    ]);
    expect(eventsOf(byReviewer.id)).toEqual([
      { name: "codexkit.retry", "error.type": "other" },
      {
        name: "codexkit.approval",
        "codexkit.approval.kind": "command",
        "codexkit.approval.item_id": "call_c",
        "codexkit.approval.answered_by": "reviewer",
        "codexkit.approval.decision": "approved",
      },
    ]);
  });

  it("recordContent: true records the prompt, the answer, the command and tool arguments and outputs", async () => {
    const { exporter, provider } = memoryTracing();
    await using t = await createTestCodex({
      script: [Reply.execCommand("echo telemetry-probe", { callId: "call_cmd" }), Reply.message("all done")],
      codex: { telemetry: { tracerProvider: provider, recordContent: true } },
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await thread.run("run the probe");
    const spans = exporter.getFinishedSpans();
    const turn = only(spans, "invoke_agent codex");
    expect(JSON.parse(turn.attributes["gen_ai.input.messages"] as string)).toEqual([
      { role: "user", parts: [{ type: "text", content: "run the probe" }] },
    ]);
    expect(JSON.parse(turn.attributes["gen_ai.output.messages"] as string)).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "all done" }], finish_reason: "stop" },
    ]);
    const command = only(spans, "execute_tool exec_command");
    expect(JSON.parse(command.attributes["gen_ai.tool.call.arguments"] as string)).toMatchObject({
      command: expect.stringContaining("echo telemetry-probe"),
    });
    expect(command.attributes["gen_ai.tool.call.result"]).toBe("telemetry-probe\n");
  });

  it("every request carries its client span's W3C trace context on the envelope; telemetry: false sends none and records nothing", async () => {
    const { exporter, provider, tracer } = memoryTracing();
    // the global provider: the default client uses it, the `telemetry: false` one must not
    trace.setGlobalTracerProvider(provider);
    try {
      const on = recordingLogger();
      const off = recordingLogger();
      await using a = await createTestCodex({
        script: [Reply.message("traced")],
        codex: { logger: on.logger, logLevel: "debug" },
      });
      await using b = await createTestCodex({
        script: [Reply.message("untraced")],
        codex: { telemetry: false, logger: off.logger, logLevel: "debug" },
      });
      const traced = await underCaller(tracer, async () =>
        (await a.codex.threadStart({ cwd: a.workspace })).run("hello"),
      );
      const untraced = await underCaller(tracer, async () =>
        (await b.codex.threadStart({ cwd: b.workspace })).run("hello"),
      );
      const spans = exporter.getFinishedSpans();
      const inTrace = (caller: Span) =>
        spans.filter((s) => s.spanContext().traceId === caller.spanContext().traceId);
      expect(inTrace(untraced.caller).map((s) => s.name)).toEqual(["caller"]);
      expect(
        inTrace(traced.caller)
          .map((s) => s.name)
          .sort(),
      ).toEqual(["caller", "thread/start", "account/read", "invoke_agent codex", "turn/start"].sort());

      const requests = (log: typeof on) =>
        log.wire.filter(
          (w) => w.direction === "→" && typeof w.message.method === "string" && w.message.id !== undefined,
        );
      const sentOn = requests(on).filter((w) => w.message.method !== "initialize");
      expect(sentOn.map((w) => w.message.method)).toEqual(
        expect.arrayContaining(["thread/start", "turn/start"]),
      );
      for (const { message } of sentOn) {
        const carrier = message.trace as { traceparent: string };
        const [, traceId, spanId, flags] = carrier.traceparent.split("-");
        const span = spans.find((s) => s.spanContext().spanId === spanId);
        expect(span?.name).toBe(message.method);
        expect(traceId).toBe(traced.caller.spanContext().traceId);
        expect(flags).toBe("01");
      }
      expect(requests(off).length).toBeGreaterThan(2);
      expect(requests(off).filter((w) => "trace" in w.message)).toEqual([]);
      expect(untraced.value.finalResponse).toBe("untraced");
    } finally {
      trace.disable();
    }
  });

  it("turns codex starts itself (a goal's, a compaction's) get an invoke_agent span each: a trace root linked to the span the thread was started in, ended on completion", async () => {
    const { exporter, provider, tracer } = memoryTracing();
    await using t = await createTestCodex({
      script: [
        Reply.message("made some progress"),
        Reply.items([Item.functionCall("update_goal", { status: "complete" })]),
        Reply.message("all done"),
      ],
      home: GOALS,
      codex: { telemetry: { tracerProvider: provider } },
    });
    const physicalTurns: string[] = [];
    t.codex.onNotification((n) => {
      if (n.method === "turn/started") physicalTurns.push(n.params.turn.id);
    });
    const opened = await underCaller(tracer, () => t.codex.threadStart({ cwd: t.workspace }));
    const thread = opened.value;
    const goal = await underCaller(tracer, () => thread.runGoal("finish the job"));
    expect(goal.value.status).toBe("completed");
    expect(goal.value.finalResponse).toBe("all done");
    expect(t.codex.stats().telemetryTurns).toBe(0);

    const spans = exporter.getFinishedSpans();
    const turns = spans.filter((s) => s.name === "invoke_agent codex");
    // one span per turn the server ran (a goal runs at least two here), each ended by its turn/completed
    expect(physicalTurns.length).toBeGreaterThanOrEqual(2);
    expect(turns.map((s) => s.attributes["codexkit.turn.id"]).sort()).toEqual([...physicalTurns].sort());
    const opener = opened.caller.spanContext();
    for (const turn of turns) {
      expect(parentOf(turn)).toBeUndefined();
      expect(turn.spanContext().traceId).not.toBe(opener.traceId);
      expect(turn.links.map((link) => link.context.spanId)).toEqual([opener.spanId]);
      expect(turn.attributes).toMatchObject({
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.conversation.id": thread.id,
        "gen_ai.request.model": "mock-model",
        "gen_ai.provider.name": "mock",
        "codexkit.turn.started_by": "server",
        "codexkit.turn.status": "completed",
      });
      expect(turn.attributes["gen_ai.usage.input_tokens"]).toBeGreaterThan(0);
      expect(turn.status.code).toBe(SpanStatusCode.UNSET);
    }
    // the goal's requests are the caller's; the turns they set off are not under it
    const goalCaller = spans.find((s) => s.spanContext().spanId === goal.caller.spanContext().spanId);
    const underGoalCaller = treeOf(spans, goalCaller as ReadableSpan);
    expect(underGoalCaller).toContain("  thread/goal/set");
    expect(underGoalCaller.filter((line) => line.includes("invoke_agent"))).toEqual([]);

    // a turn the client starts afterwards is the client's again: under its caller, started_by client
    t.model.enqueue(Reply.message("normal turn"));
    const normal = await underCaller(tracer, () => thread.run("and now something else"));
    const clientTurn = only(
      exporter.getFinishedSpans().filter((s) => s.attributes["codexkit.turn.id"] === normal.value.id),
      "invoke_agent codex",
    );
    expect(parentOf(clientTurn)).toBe(normal.caller.spanContext().spanId);
    expect(clientTurn.attributes["codexkit.turn.started_by"]).toBe("client");
    expect(clientTurn.links).toEqual([]);

    // a compaction's turn is codex's too (thread/compact/start answers before its turn starts)
    t.model.enqueue(Reply.message("SUMMARY: progress so far"), Reply.message("after compaction"));
    await thread.compact();
    const after = await thread.run("carry on"); // queued behind the compaction turn
    const all = exporter.getFinishedSpans().filter((s) => s.name === "invoke_agent codex");
    expect(all.map((s) => s.attributes["codexkit.turn.id"]).sort()).toEqual([...physicalTurns].sort());
    const goalTurns = new Set(turns.map((s) => s.attributes["codexkit.turn.id"]));
    const compaction = all.filter(
      (s) =>
        !goalTurns.has(s.attributes["codexkit.turn.id"]) &&
        s.attributes["codexkit.turn.id"] !== normal.value.id &&
        s.attributes["codexkit.turn.id"] !== after.id,
    );
    expect(compaction).toHaveLength(1);
    expect(compaction[0]?.attributes).toMatchObject({
      "codexkit.turn.started_by": "server",
      "codexkit.turn.status": "completed",
    });
    expect(compaction[0]?.links.map((link) => link.context.spanId)).toEqual([opener.spanId]);
    expect(t.codex.stats().telemetryTurns).toBe(0);
  });

  it("codex's own spans join the caller's trace: exported to a loopback OTLP receiver under our turn/start span", async () => {
    const { exporter, provider, tracer } = memoryTracing();
    await using receiver = await startOtlpReceiver();
    await using t = await createTestCodex({
      otel: receiver,
      script: [Reply.message("exported")],
      codex: { telemetry: { tracerProvider: provider } },
    });
    const { caller, value: result } = await underCaller(tracer, async () =>
      (await t.codex.threadStart({ cwd: t.workspace })).run("hello"),
    );
    // the config codex was given is valid (an invalid [otel] would have dropped the scripted model)
    expect(result.finalResponse).toBe("exported");
    await t.codex.close(); // codex flushes its spans at shutdown
    const traceId = caller.spanContext().traceId;
    const ours = only(exporter.getFinishedSpans(), "turn/start").spanContext().spanId;
    // Codex exports in batches, the last ones as it shuts down: wait for every span this test looks at, not the
    // first (a busy machine split them over two exports in one CI run).
    const expected = ["session_task.turn", "responses.stream_request"];
    await receiver.waitForSpans(
      (spans) =>
        spans.some((s) => s.traceId === traceId && s.name === "turn/start" && s.parentSpanId === ours) &&
        expected.every((name) => spans.some((s) => s.traceId === traceId && s.name === name)),
    );
    const theirs = receiver.trace(traceId);
    const serverTurnStart = theirs.find((s) => s.name === "turn/start" && s.parentSpanId === ours);
    expect(serverTurnStart?.attributes).toMatchObject({
      "rpc.system": "jsonrpc",
      "rpc.method": "turn/start",
    });
    // codex's turn work hangs under it, down to the model request
    const names = new Set(theirs.map((s) => s.name));
    for (const name of expected) expect(names).toContain(name);
  });

  it("the debug log shows the wire without content unless asked, and always without secrets", async () => {
    const plain = recordingLogger();
    const withContent = recordingLogger();
    await using a = await createTestCodex({
      script: [Reply.message("secret-free answer")],
      codex: { telemetry: false, logger: plain.logger, logLevel: "debug" },
    });
    await using b = await createTestCodex({
      script: [Reply.message("visible answer")],
      codex: { telemetry: false, logger: withContent.logger, logLevel: "debug", logContent: true },
    });
    await (await a.codex.threadStart({ cwd: a.workspace })).run("prompt with sk-live-abcdef123456 inside");
    await (await b.codex.threadStart({ cwd: b.workspace })).run("prompt with sk-live-abcdef123456 inside");
    const text = (log: typeof plain) => JSON.stringify(log.wire);
    expect(text(plain)).not.toContain("prompt with");
    expect(text(plain)).not.toContain("secret-free answer");
    expect(text(plain)).toContain('"method":"turn/start"');
    expect(text(withContent)).toContain("prompt with [REDACTED] inside");
    expect(text(withContent)).toContain("visible answer");
    for (const log of [plain, withContent]) {
      expect(text(log)).not.toContain("sk-live-abcdef123456");
      expect(log.wire.some((w) => w.direction === "←")).toBe(true);
      expect(log.entries).toContainEqual(expect.objectContaining({ level: "info", message: "connected" }));
      expect(log.entries).toContainEqual(
        expect.objectContaining({
          level: "info",
          message: "turn completed",
          fields: expect.objectContaining({ status: "completed" }),
        }),
      );
    }
  });
});

describe("telemetry and log options", () => {
  it("are checked before anything starts", () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ telemetry: "yes" }, /telemetry must be a boolean or an options object/],
      [
        { telemetry: { tracerProvider: {} } },
        /telemetry.tracerProvider must be an object with getTracer\(\)/,
      ],
      [{ telemetry: { recordContent: "true" } }, /telemetry.recordContent must be a boolean/],
      [{ logger: { info() {} } }, /logger.error must be a function/],
      [{ logLevel: "verbose" }, /logLevel must be one of/],
    ];
    for (const [options, message] of bad) {
      expect(() => createTestCodexSync(options)).toThrow(InvalidInputError);
      expect(() => createTestCodexSync(options)).toThrow(message);
    }
  });
});

/** `new Codex(options)` without starting anything, with options the types would refuse. */
function createTestCodexSync(options: Record<string, unknown>) {
  return new Codex(options as ConstructorParameters<typeof Codex>[0]);
}
