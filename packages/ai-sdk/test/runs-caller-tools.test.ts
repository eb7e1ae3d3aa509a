import { Reply, scaledTimeout } from "@codexkit/testing";
import { generateText, jsonSchema, stepCountIs, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type CodexProvider, createCodexProvider } from "../src/index.js";
import { startTestCodex, type TestCodex } from "./support/test-codex.js";

let t: TestCodex;
let codex: CodexProvider;

beforeAll(async () => {
  t = await startTestCodex();
  codex = createCodexProvider({ codex: t.codex, cwd: t.workspace });
});
afterAll(async () => {
  await codex?.close();
  await t?.dispose();
});

const ORDERS: Record<string, string> = { "A-17": "shipped", "B-2": "packing" };
const executed: string[] = [];
const lookupOrder = tool({
  description: "Looks an order up by id",
  inputSchema: z.object({ id: z.string() }),
  execute: async ({ id }) => {
    executed.push(id);
    return { id, status: ORDERS[id] ?? "unknown" };
  },
});
const last = () => t.model.requests.length - 1;
const codexMetadata = (step: { providerMetadata?: Record<string, Record<string, unknown>> | undefined }) =>
  step.providerMetadata?.codex;

describe("the caller's AI SDK tools run inside the Codex turn", () => {
  it("generateText + stopWhen: the tool call ends a step, its result continues the same Codex turn", async () => {
    executed.length = 0;
    const before = t.model.requests.length;
    t.model.enqueue(
      Reply.toolCall("lookup_order", { id: "A-17" }, { callId: "call_a17" }),
      Reply.message("Order A-17 has shipped."),
    );
    const result = await generateText({
      model: codex("gpt-test"),
      tools: { lookup_order: lookupOrder },
      stopWhen: stepCountIs(5),
      prompt: "Where is order A-17?",
    });

    expect(executed).toEqual(["A-17"]);
    expect(result.steps.map((step) => step.finishReason)).toEqual(["tool-calls", "stop"]);
    expect(result.steps[0]?.toolCalls).toEqual([
      expect.objectContaining({ toolCallId: "call_a17", toolName: "lookup_order", input: { id: "A-17" } }),
    ]);
    expect(result.text).toBe("Order A-17 has shipped.");
    // one Codex turn for both steps, and the model got the tool's output in its second request
    expect(codexMetadata(result.steps[1]!)).toEqual(codexMetadata(result.steps[0]!));
    expect(t.model.requests.length - before).toBe(2);
    expect(t.model.toolNames(last())).toContain("lookup_order");
    expect(t.model.functionCallOutputs(last())).toEqual([
      expect.objectContaining({
        callId: "call_a17",
        output: JSON.stringify({ id: "A-17", status: "shipped" }),
      }),
    ]);
  });

  it("streamText: parallel calls come in one step; a tool that throws reaches Codex as a failure", async () => {
    executed.length = 0;
    t.model.enqueue(
      Reply.toolCalls([
        { name: "lookup_order", args: { id: "A-17" }, callId: "call_p1" },
        { name: "lookup_order", args: { id: "B-2" }, callId: "call_p2" },
      ]),
      Reply.toolCall("broken", {}, { callId: "call_broken" }),
      Reply.message("A-17 shipped, B-2 is being packed; the broken tool failed.", { stream: true }),
    );
    const result = streamText({
      model: codex("gpt-test"),
      tools: {
        lookup_order: lookupOrder,
        broken: tool({
          description: "Always fails",
          inputSchema: jsonSchema<Record<string, unknown>>({ type: "object", properties: {} }),
          execute: async (): Promise<string> => {
            throw new Error("the warehouse is offline");
          },
        }),
      },
      stopWhen: stepCountIs(5),
      prompt: "Check A-17 and B-2, then call broken.",
    });
    const deltas: string[] = [];
    for await (const part of result.textStream) deltas.push(part);
    const steps = await result.steps;

    expect(steps.map((step) => step.finishReason)).toEqual(["tool-calls", "tool-calls", "stop"]);
    expect(steps[0]?.toolCalls.map((call) => call.toolCallId).sort()).toEqual(["call_p1", "call_p2"]);
    expect(executed.sort()).toEqual(["A-17", "B-2"]);
    expect(deltas.length).toBeGreaterThan(1);
    expect(await result.text).toBe("A-17 shipped, B-2 is being packed; the broken tool failed.");
    const broken = t.model.functionCallOutputs(last()).find((output) => output.callId === "call_broken");
    expect(JSON.stringify(broken?.output)).toMatch(/Tool call failed: .*the warehouse is offline/);
  });

  it("a caller that never comes back: the call fails after toolResultTimeoutMs, the turn is released", async () => {
    const impatient = createCodexProvider({ codex: t.codex, cwd: t.workspace, toolResultTimeoutMs: 300 });
    const before = t.model.requests.length;
    t.model.enqueue(Reply.toolCall("lookup_order", { id: "A-17" }, { callId: "call_gone" }));
    // a tool without execute: the AI SDK returns the tool call and does not call the provider again
    const result = await generateText({
      model: impatient("gpt-test"),
      tools: {
        lookup_order: tool({
          description: "Looks an order up by id",
          inputSchema: z.object({ id: z.string() }),
        }),
      },
      prompt: "Where is A-17?",
    });
    expect(result.finishReason).toBe("tool-calls");
    const threadId = String(codexMetadata(result)?.threadId);
    const turnId = String(codexMetadata(result)?.turnId);
    await expect
      .poll(async () => (await readTurn(threadId, turnId))?.status, { timeout: scaledTimeout(15_000) })
      .toBe("interrupted");
    expect(t.model.requests.length - before).toBe(1); // the model was never asked again
    // the caller comes back late with the result: the turn is gone, so the thread gets it as text in a new turn
    t.model.enqueue(Reply.message("A-17 has shipped."));
    const late = await generateText({
      model: impatient("gpt-test"),
      tools: { lookup_order: lookupOrder },
      messages: [
        { role: "user", content: "Where is A-17?" },
        ...result.response.messages,
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "call_gone",
              toolName: "lookup_order",
              output: { type: "json", value: { status: "shipped" } },
            },
          ],
        },
      ],
    });
    expect(late.text).toBe("A-17 has shipped.");
    expect(codexMetadata(late)?.threadId).toBe(threadId);
    expect(codexMetadata(late)?.turnId).not.toBe(turnId);
    expect(late.warnings).toEqual([expect.objectContaining({ type: "other" })]);
    expect(t.model.inputTexts(last(), "user").join("\n")).toMatch(
      /Result of lookup_order \(call_gone\).*shipped/,
    );
    await impatient.close();
  });

  it("usage: Codex reports a response's tokens once its tool calls are answered, so they count in the next step", async () => {
    t.model.enqueue(
      Reply.toolCall(
        "lookup_order",
        { id: "B-2" },
        { callId: "call_u", usage: { inputTokens: 30, outputTokens: 4 } },
      ),
      Reply.message("B-2 is being packed.", { usage: { inputTokens: 50, outputTokens: 6 } }),
    );
    const result = await generateText({
      model: codex("gpt-test"),
      tools: { lookup_order: lookupOrder },
      stopWhen: stepCountIs(5),
      prompt: "Where is B-2?",
    });
    expect(result.steps.map((step) => step.usage.inputTokens)).toEqual([undefined, 80]);
    expect(result.totalUsage).toMatchObject({ inputTokens: 80, outputTokens: 10 });
  });

  it("abortSignal during a later step interrupts the same, continued turn", async () => {
    t.model.enqueue(Reply.toolCall("lookup_order", { id: "B-2" }, { callId: "call_b2" }), Reply.stall());
    const controller = new AbortController();
    const before = t.model.requests.length;
    const pending = generateText({
      model: codex("gpt-test"),
      tools: { lookup_order: lookupOrder },
      stopWhen: stepCountIs(5),
      prompt: "Where is B-2 now?",
      abortSignal: controller.signal,
    });
    await t.model.waitForRequests(before + 2, { timeoutMs: scaledTimeout(20_000) }); // the second step's model request: the turn continued
    controller.abort(new Error("stop after the tool"));
    await expect(pending).rejects.toThrow(/stop after the tool/);
    // the turn was interrupted: no thread of this client has a turn still in progress
    const { data } = await t.codex.request("thread/loaded/list", {});
    const inProgress = async () => {
      const reads = await Promise.all(
        data.map((threadId) => t.codex.request("thread/read", { threadId, includeTurns: true })),
      );
      return reads.flatMap((read) => read.thread.turns).filter((turn) => turn.status === "inProgress").length;
    };
    await expect.poll(inProgress, { timeout: scaledTimeout(15_000) }).toBe(0);
  });

  it("a later call with different tools keeps the thread's tools, with a warning", async () => {
    t.model.enqueue(Reply.message("First."), Reply.message("Second."));
    const one = await generateText({
      model: codex("gpt-test"),
      tools: { lookup_order: lookupOrder },
      prompt: "Hello.",
    });
    const two = await generateText({
      model: codex("gpt-test"),
      messages: [
        { role: "user", content: "Hello." },
        ...one.response.messages,
        { role: "user", content: "Again." },
      ],
    });
    expect(codexMetadata(two)?.threadId).toBe(codexMetadata(one)?.threadId);
    expect(two.warnings).toEqual([
      expect.objectContaining({ type: "unsupported", feature: "changed tools" }),
    ]);
    expect(t.model.toolNames(last())).toContain("lookup_order");
  });

  it("refuses a tool name Codex would refuse before anything is sent", async () => {
    const before = t.model.requests.length;
    await expect(
      generateText({
        model: codex("gpt-test"),
        tools: { "lookup.order": lookupOrder },
        prompt: "x",
      }),
    ).rejects.toThrow(/name must match/);
    expect(t.model.requests.length).toBe(before);
  });
});

async function readTurn(threadId: string, turnId: string) {
  const { thread } = await t.codex.request("thread/read", { threadId, includeTurns: true });
  return thread.turns.find((turn) => turn.id === turnId);
}
