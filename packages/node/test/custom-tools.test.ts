import {
  type Notification,
  type ServerRequestEvent,
  type ToolContext,
  tool,
  toolFailure,
  toolset,
} from "@codexkit/node";
import { createTestCodex, Reply, type ScriptedModel, type ToolCallOutput } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { collect } from "./support/helpers.js";

const weather = tool({
  name: "lookup_weather",
  description: "Current weather for a city",
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `18°C in ${city}`,
});

/** The tool output for `callId` in model request `index` (which also repeats earlier outputs). */
function outputOf(model: ScriptedModel, index: number, callId: string): ToolCallOutput {
  const output = model.functionCallOutputs(index).find((o) => o.callId === callId);
  if (!output) throw new Error(`request ${index} has no output for ${callId}`);
  return output;
}

/** Items of one type from the turn's `item/completed` notifications. */
function completedOf(events: readonly Notification[], type: string) {
  return events.flatMap((e) =>
    e.method === "item/completed" && e.params.item.type === type ? [e.params.item] : [],
  );
}

describe.concurrent("custom tools against the real app-server", () => {
  it("offers name, description and schema; runs execute with parsed args; the next request carries the output", async () => {
    const calls: Array<{ args: unknown; context: Omit<ToolContext, "signal"> }> = [];
    const findCustomer = tool({
      name: "find_customer",
      description: "Finds a customer by id",
      parameters: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
      execute: (args, { signal: _signal, ...context }) => {
        calls.push({ args, context });
        return { id: args.id, name: "Ada" };
      },
    });
    const crm = toolset({ name: "crm", description: "Customer records", tools: [findCustomer] });
    await using t = await createTestCodex({
      script: [
        Reply.toolCall("lookup_weather", { city: "Paris" }, { callId: "call_w" }),
        Reply.toolCall("find_customer", { id: 42 }, { namespace: "crm", callId: "call_c" }),
        Reply.message("done"),
      ],
      codex: {
        tools: [
          tool({ name: "lookup_weather", description: "stale client default", execute: () => "stale" }),
          tool({ name: "client_default", description: "kept", execute: () => "kept" }),
        ],
      },
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [weather, crm] });
    const turn = await thread.turn("weather and customer");
    const events = await collect(turn.stream());
    const result = await turn.run();

    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("done");
    const offered = t.model.request(0).body?.tools ?? [];
    expect(offered).toContainEqual(
      expect.objectContaining({
        type: "function",
        name: "lookup_weather",
        description: "Current weather for a city",
        parameters: expect.objectContaining({
          type: "object",
          properties: { city: { type: "string" } },
          required: ["city"],
        }),
      }),
    );
    expect(offered).toContainEqual(
      expect.objectContaining({
        type: "namespace",
        name: "crm",
        description: "Customer records",
        tools: [expect.objectContaining({ name: "find_customer", description: "Finds a customer by id" })],
      }),
    );
    expect(offered).toContainEqual(expect.objectContaining({ name: "client_default", description: "kept" }));
    expect(offered.filter((entry) => entry.name === "lookup_weather")).toHaveLength(1);
    expect(t.model.functionCallOutputs(1)).toEqual([
      expect.objectContaining({ callId: "call_w", output: "18°C in Paris" }),
    ]);
    expect(JSON.parse(outputOf(t.model, 2, "call_c").output)).toEqual({ id: 42, name: "Ada" });
    expect(calls).toEqual([
      {
        args: { id: 42 },
        context: { threadId: thread.id, turnId: turn.id, callId: "call_c", namespace: "crm" },
      },
    ]);
    const streamed = completedOf(events, "dynamicToolCall");
    expect(streamed).toEqual([
      expect.objectContaining({
        id: "call_w",
        tool: "lookup_weather",
        namespace: null,
        arguments: { city: "Paris" },
        status: "completed",
        success: true,
      }),
      expect.objectContaining({
        id: "call_c",
        tool: "find_customer",
        namespace: "crm",
        arguments: { id: 42 },
        success: true,
      }),
    ]);
    for (const item of streamed) expect(item).toHaveProperty("durationMs", expect.any(Number));
    expect(result.items.filter((item) => item.type === "dynamicToolCall")).toEqual(streamed);
    expect(t.codex.stats().runningToolCalls).toBe(0);
  });

  it("converts return values: content items with an image, JSON, and explicit failures; parallel calls in one reply", async () => {
    const pixel =
      "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    const chart = tool({
      name: "chart",
      description: "Draws a chart",
      execute: () => [
        { type: "text", text: "the chart:" },
        { type: "image", url: pixel },
      ],
    });
    const stats = tool({ name: "stats", description: "Numbers", execute: () => ({ mean: 2.5, n: [1, 4] }) });
    const refuse = tool({
      name: "refuse",
      description: "Always fails",
      execute: () => toolFailure("no such record"),
    });
    await using t = await createTestCodex({
      script: [
        Reply.toolCalls([
          { name: "chart", args: {}, callId: "call_chart" },
          { name: "stats", args: {}, callId: "call_stats" },
          { name: "refuse", args: {}, callId: "call_refuse" },
        ]),
        Reply.message("ok"),
      ],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [chart, stats, refuse] });
    const result = await thread.run("go");

    expect(result.status).toBe("completed");
    expect(outputOf(t.model, 1, "call_chart").content).toEqual([
      expect.objectContaining({ type: "input_text", text: "the chart:" }),
      expect.objectContaining({ type: "input_image", image_url: pixel }),
    ]);
    expect(JSON.parse(outputOf(t.model, 1, "call_stats").output)).toEqual({ mean: 2.5, n: [1, 4] });
    expect(outputOf(t.model, 1, "call_refuse").output).toBe("Tool call failed: no such record");
    const items = result.items.filter((item) => item.type === "dynamicToolCall");
    expect(items.map((item) => [item.id, item.success, item.status])).toEqual(
      expect.arrayContaining([
        ["call_chart", true, "completed"],
        ["call_stats", true, "completed"],
        ["call_refuse", false, "failed"],
      ]),
    );
  });

  it("schema-invalid arguments never reach execute; the model is told what was wrong", async () => {
    const ran: unknown[] = [];
    const zodTool = tool({
      name: "lookup_weather",
      description: "d",
      parameters: z.object({ city: z.string(), days: z.number().int().max(7) }),
      execute: (args) => {
        ran.push(args);
        return "ran";
      },
    });
    const plainTool = tool({
      name: "plain",
      description: "d",
      parameters: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
      execute: (args) => {
        ran.push(args);
        return "ran";
      },
    });
    await using t = await createTestCodex({
      script: [
        Reply.toolCalls([
          { name: "lookup_weather", args: { city: 5, days: 30 }, callId: "call_z" },
          { name: "plain", args: { id: "x" }, callId: "call_p1" },
          { name: "plain", args: {}, callId: "call_p2" },
        ]),
        Reply.message("ok"),
      ],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [zodTool, plainTool] });
    const result = await thread.run("go");

    expect(result.status).toBe("completed");
    expect(ran).toEqual([]);
    const zodText = outputOf(t.model, 1, "call_z").output;
    expect(zodText).toMatch(/^Tool call failed: invalid arguments for lookup_weather: /);
    expect(zodText).toMatch(/city: .*string/i);
    expect(zodText).toMatch(/days: .*7/);
    expect(outputOf(t.model, 1, "call_p1").output).toBe(
      "Tool call failed: invalid arguments for plain: id: expected integer, got string. Fix the arguments and call the tool again.",
    );
    expect(outputOf(t.model, 1, "call_p2").output).toMatch(/invalid arguments for plain: id: required/);
    expect(
      result.items.filter((item) => item.type === "dynamicToolCall").every((item) => item.success === false),
    ).toBe(true);
  });

  it("a thrown error fails the call with its message, secrets redacted", async () => {
    const secret = "sk-test-0123456789abcdef";
    const broken = tool({
      name: "broken",
      description: "d",
      execute: () => {
        throw new Error(`upstream refused key ${secret}`);
      },
    });
    await using t = await createTestCodex({
      script: [Reply.toolCall("broken", {}, { callId: "call_b" }), Reply.message("ok")],
      codex: { env: { OPENAI_API_KEY: secret } },
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [broken] });
    const result = await thread.run("go");

    const text = outputOf(t.model, 1, "call_b").output;
    expect(text).toMatch(/^Tool call failed: broken threw an error: upstream refused key /);
    expect(text).not.toContain(secret);
    expect(result.items.find((item) => item.type === "dynamicToolCall")).toMatchObject({ success: false });
  });

  it("per-tool and client-wide timeouts answer with a failure, abort the signal and drop the late result", async () => {
    const reasons: unknown[] = [];
    const slow = (name: string, timeoutMs?: number) =>
      tool({
        name,
        description: "never answers in time",
        ...(timeoutMs ? { timeoutMs } : {}),
        execute: async (_args, { signal }) => {
          await new Promise((resolve) => signal.addEventListener("abort", resolve));
          reasons.push(signal.reason);
          return "late result";
        },
      });
    await using t = await createTestCodex({
      script: [
        Reply.toolCalls([
          { name: "own_timeout", args: {}, callId: "call_own" },
          { name: "client_timeout", args: {}, callId: "call_client" },
        ]),
        Reply.message("ok"),
      ],
      codex: { toolTimeoutMs: 400 },
    });
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      tools: [slow("own_timeout", 150), slow("client_timeout")],
    });
    const result = await thread.run("go");

    expect(result.status).toBe("completed");
    expect(outputOf(t.model, 1, "call_own").output).toBe(
      "Tool call failed: own_timeout timed out after 150 ms.",
    );
    expect(outputOf(t.model, 1, "call_client").output).toMatch(
      /^Tool call failed: client_timeout timed out after 400 ms\.$/,
    );
    expect(reasons).toHaveLength(2);
    for (const reason of reasons) expect(reason).toMatchObject({ code: "timeout" });
    expect(t.codex.stats().runningToolCalls).toBe(0);
  });

  it("parallel calls in one turn run concurrently", async () => {
    const count = 8;
    let started = 0;
    let releaseAll!: () => void;
    const allStarted = new Promise<void>((resolve) => {
      releaseAll = resolve;
    });
    const barrier = tool({
      name: "barrier",
      description: "waits until every call has started",
      parameters: z.object({ n: z.number() }),
      execute: async ({ n }) => {
        started += 1;
        if (started === count) releaseAll();
        await allStarted; // sequential execution would never get here: each call would wait for the next
        return `call ${n} done`;
      },
      timeoutMs: 10_000,
    });
    await using t = await createTestCodex({
      script: [
        Reply.toolCalls(
          Array.from({ length: count }, (_, n) => ({ name: "barrier", args: { n }, callId: `call_${n}` })),
        ),
        Reply.message("ok"),
      ],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [barrier] });
    const result = await thread.run("go");

    expect(result.status).toBe("completed");
    for (let n = 0; n < count; n++) expect(outputOf(t.model, 1, `call_${n}`).output).toBe(`call ${n} done`);
  });

  it("threads never see each other's tools; a tool the thread lacks is refused by codex itself", async () => {
    const whoami = (owner: string) =>
      tool({ name: "whoami", description: owner, execute: () => `I belong to ${owner}` });
    const onlyA = tool({ name: "only_a", description: "a", execute: () => "only_a ran" });
    await using t = await createTestCodex({
      script: [
        Reply.toolCall("whoami", {}, { callId: "call_1" }),
        Reply.message("first"),
        Reply.toolCalls([
          { name: "whoami", args: {}, callId: "call_2" },
          { name: "only_a", args: {}, callId: "call_3" },
        ]),
        Reply.message("second"),
      ],
    });
    const events: ServerRequestEvent[] = [];
    t.codex.onServerRequest((event) => events.push(event));
    const threadA = await t.codex.threadStart({ cwd: t.workspace, tools: [whoami("A"), onlyA] });
    const threadB = await t.codex.threadStart({ cwd: t.workspace, tools: [whoami("B")] });
    await threadA.run("who are you?");
    await threadB.run("who are you? and call only_a");

    expect(outputOf(t.model, 1, "call_1").output).toBe("I belong to A");
    expect(outputOf(t.model, 3, "call_2").output).toBe("I belong to B");
    expect(t.model.request(2).body?.tools?.map((entry) => entry.name)).not.toContain("only_a");
    // Quirk: codex answers a call to a tool the thread was not started with itself; the client is not asked.
    expect(outputOf(t.model, 3, "call_3").output).toBe("unsupported call: only_a");
    expect(events.map((e) => (e.params as { callId?: string }).callId)).toEqual(["call_1", "call_2"]);
    expect(events.every((e) => e.method === "item/tool/call" && e.answeredBy === "handler")).toBe(true);
  });

  it("a toolset's tool may share a built-in's name: the namespaced call reaches execute", async () => {
    const ran: unknown[] = [];
    const remote = toolset({
      name: "remote",
      description: "A remote machine",
      tools: [
        tool({
          name: "exec_command",
          description: "Runs a command on the remote machine",
          parameters: z.object({ cmd: z.string() }),
          execute: ({ cmd }) => {
            ran.push(cmd);
            return `remote ran ${cmd}`;
          },
        }),
      ],
    });
    await using t = await createTestCodex({
      script: [
        Reply.toolCall("exec_command", { cmd: "uptime" }, { namespace: "remote", callId: "call_r" }),
        Reply.message("ok"),
      ],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [remote] });
    await thread.run("go");

    expect(ran).toEqual(["uptime"]);
    expect(outputOf(t.model, 1, "call_r").output).toBe("remote ran uptime");
  });
});
