import {
  CODEX_BUILTIN_TOOL_NAMES,
  type Notification,
  type ToolContext,
  tool,
  toolFailure,
  toolset,
} from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { collect, toolOutputOf as outputOf } from "./support/helpers.js";

const weather = tool({
  name: "lookup_weather",
  description: "Current weather for a city",
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `18°C in ${city}`,
});

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
    // Every built-in codex offers next to ours is one codexkit refuses as a name (catches a codex bump adding one).
    const ours = new Set(["lookup_weather", "crm", "client_default"]);
    const builtins = offered.flatMap((entry) => {
      const name = entry.name ?? entry.type;
      return typeof name === "string" && !ours.has(name) ? [name] : [];
    });
    expect(builtins).toContain("exec_command");
    for (const name of builtins) expect(CODEX_BUILTIN_TOOL_NAMES).toContain(name);
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
