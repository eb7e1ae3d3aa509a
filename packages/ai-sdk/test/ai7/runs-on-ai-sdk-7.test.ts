import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { LanguageModelV4, ProviderV4 } from "@ai-sdk/provider-v4";
import { Item, Reply } from "@codexkit/testing";
import {
  generateText,
  isStepCount,
  type LanguageModel,
  type ModelMessage,
  Output,
  streamText,
  tool,
} from "ai7";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { createCodexProvider as createCodexProviderV3 } from "../../src/index.js";
import {
  CODEX_TOOL_NAMES,
  type CodexLanguageModel,
  type CodexProvider,
  createCodexProvider,
} from "../../src/v7.js";
import { startTestCodex, type TestCodex } from "../support/test-codex.js";

// AI SDK 7 (ai@7 as `ai7`, on Node >= 22): the LanguageModelV4 model of @codexkit/ai-sdk/v7, and the
// LanguageModelV3 model of @codexkit/ai-sdk through ai@7's V3 adapter, against a real app-server.

let t: TestCodex;
let codex: CodexProvider;

beforeAll(async () => {
  t = await startTestCodex();
  codex = createCodexProvider({
    codex: t.codex,
    cwd: t.workspace,
    sandbox: "fullAccess",
    approvalMode: "denyAll",
    // commands run without the machine's login profile (what it costs is not what these tests are about)
    config: { allow_login_shell: false },
  });
});
afterAll(async () => {
  await codex?.close();
  await t?.dispose();
});

const last = () => t.model.requests.length - 1;
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
// a 1×1 PNG
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

/** A user message with an image by `file:` URL, of the bare media type `image`, and an inline text document. */
async function imageAndDocument(): Promise<ModelMessage[]> {
  const image = join(t.workspace, "pixel.png");
  await writeFile(image, PIXEL);
  return [
    {
      role: "user",
      content: [
        { type: "text", text: "Describe the picture and the notes." },
        { type: "file", data: { type: "url", url: pathToFileURL(image) }, mediaType: "image" },
        {
          type: "file",
          data: { type: "text", text: "buy milk" },
          mediaType: "text/plain",
          filename: "notes.txt",
        },
      ],
    },
  ];
}

describe("@codexkit/ai-sdk/v7: a LanguageModelV4 model under ai@7", () => {
  it("types and runtime: a LanguageModelV4 and an ai@7 LanguageModel; the provider a ProviderV4", () => {
    expectTypeOf<CodexLanguageModel>().toMatchTypeOf<LanguageModelV4>();
    expectTypeOf<CodexLanguageModel>().toMatchTypeOf<Exclude<LanguageModel, string>>();
    expectTypeOf<CodexProvider>().toMatchTypeOf<ProviderV4>();
    const model = codex("gpt-5.5");
    expect([model.specificationVersion, model.provider, model.modelId]).toEqual(["v4", "codex", "gpt-5.5"]);
    expect(codex.specificationVersion).toBe("v4");
    expect(() => codex.embeddingModel("x")).toThrow(/no embeddingModel/);
  });

  it("streamText streams text and reasoning deltas, and Codex's own commands as provider-executed tool parts", async () => {
    t.model.enqueue(
      Reply.items([
        Item.reasoning("Let me list the files.", { stream: true }),
        Item.execCommand("echo listed"),
      ]),
      Reply.items([Item.message("The command printed listed.", { stream: true })]),
    );
    const result = streamText({ model: codex("gpt-test"), prompt: "Run echo." });
    const parts: { type: string; [key: string]: unknown }[] = [];
    for await (const part of result.fullStream) parts.push(part);

    const types = parts.map((part) => part.type);
    expect(types.filter((type) => type === "text-delta").length).toBeGreaterThan(1);
    expect(types).toContain("reasoning-delta");
    expect(parts.find((part) => part.type === "tool-call")).toMatchObject({
      toolName: CODEX_TOOL_NAMES.commandExecution,
      providerExecuted: true,
      dynamic: true,
    });
    const toolResult = parts.find((part) => part.type === "tool-result");
    expect(JSON.stringify(toolResult?.output)).toContain("listed");
    expect(types.indexOf("tool-result")).toBeLessThan(types.indexOf("text-delta"));
    expect(await result.text).toBe("The command printed listed.");
    expect(await result.finishReason).toBe("stop");
  });

  it("the tool loop: a tool call ends a step, its result continues the same Codex turn", async () => {
    executed.length = 0;
    const before = t.model.requests.length;
    t.model.enqueue(
      Reply.toolCalls([
        { name: "lookup_order", args: { id: "A-17" }, callId: "call_a17" },
        { name: "lookup_order", args: { id: "B-2" }, callId: "call_b2" },
      ]),
      Reply.message("A-17 shipped, B-2 is being packed.", { stream: true }),
    );
    const result = streamText({
      model: codex("gpt-test"),
      tools: { lookup_order: lookupOrder },
      stopWhen: isStepCount(5),
      prompt: "Where are A-17 and B-2?",
    });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    const steps = await result.steps;

    expect(steps.map((step) => step.finishReason)).toEqual(["tool-calls", "stop"]);
    expect(steps[0]?.toolCalls.map((call) => call.toolCallId).sort()).toEqual(["call_a17", "call_b2"]);
    expect(executed.sort()).toEqual(["A-17", "B-2"]);
    expect(deltas.length).toBeGreaterThan(1);
    expect(await result.text).toBe("A-17 shipped, B-2 is being packed.");
    // one Codex turn for both steps; the model got both outputs in its second request
    expect(steps[1]?.providerMetadata?.codex).toEqual(steps[0]?.providerMetadata?.codex);
    expect(t.model.requests.length - before).toBe(2);
    expect(
      t.model
        .functionCallOutputs(last())
        .map((output) => output.callId)
        .sort(),
    ).toEqual(["call_a17", "call_b2"]);
  });

  it("abortSignal interrupts the running turn, and the thread's next turn runs", async () => {
    t.model.enqueue(Reply.stall());
    const controller = new AbortController();
    const started = t.model.waitForRequests(t.model.requests.length + 1);
    const pending = generateText({
      model: codex("gpt-test"),
      prompt: "Take forever.",
      abortSignal: controller.signal,
    });
    await started;
    controller.abort(new Error("user pressed stop"));
    await expect(pending).rejects.toThrow(/user pressed stop/);
    t.model.enqueue(Reply.message("still alive"));
    const next = await generateText({ model: codex("gpt-test"), prompt: "Are you there?" });
    expect(next.text).toBe("still alive");
  });

  it("a turn interrupted by another client finishes as `interrupted`", async () => {
    t.model.enqueue(Reply.stall());
    const requested = t.model.waitForRequests(t.model.requests.length + 1);
    const result = streamText({ model: codex("gpt-test"), prompt: "Wait.", includeRawChunks: true });
    for await (const part of result.fullStream) {
      if (part.type !== "raw") continue;
      const event = part.rawValue as { method: string; params: { threadId: string; turn: { id: string } } };
      if (event.method === "turn/started") {
        // once the model is answering (the stalled reply is taken), another client stops the turn
        await requested;
        await t.codex.request("turn/interrupt", {
          threadId: event.params.threadId,
          turnId: event.params.turn.id,
        });
      }
    }
    expect(await result.finishReason).toBe("interrupted");
    expect(await result.rawFinishReason).toBe("interrupted");
  });

  it("the `reasoning` call option sets the turn's reasoning effort; `max` runs as xhigh, warned", async () => {
    t.model.enqueue(Reply.message("Thought hard."), Reply.message("Thought harder."));
    const high = await generateText({ model: codex("gpt-5.5"), reasoning: "high", prompt: "Think." });
    expect(high.text).toBe("Thought hard.");
    expect(t.model.request(last()).body?.reasoning).toMatchObject({ effort: "high" });
    expect(high.warnings).toEqual([]);

    const max = await generateText({ model: codex("gpt-5.5"), reasoning: "max", prompt: "Think more." });
    expect(t.model.request(last()).body?.reasoning).toMatchObject({ effort: "xhigh" });
    expect(max.warnings).toEqual([
      expect.objectContaining({ type: "compatibility", feature: "reasoning max" }),
    ]);
  });

  it("structured output parses the turn's final answer, not the commentary Codex wrote before it", async () => {
    t.model.enqueue(
      Reply.items([
        Item.message("Let me check the census first.", { phase: "commentary" }),
        Item.execCommand("echo 2102650"),
      ]),
      Reply.message(JSON.stringify({ city: "Paris", population: 2102650 }), { phase: "final_answer" }),
    );
    const result = await generateText({
      model: codex("gpt-test"),
      output: Output.object({ schema: z.object({ city: z.string(), population: z.number() }) }),
      prompt: "Largest city of France, with its population?",
    });

    expect(result.output).toEqual({ city: "Paris", population: 2102650 });
    // the response itself keeps everything Codex said
    expect(result.text).toContain("Let me check the census first.");
    expect(JSON.stringify(t.model.outputFormat(last()))).toContain("population");
  });

  it("file inputs: an image by file URL (media type `image`) and an inline text document reach the model", async () => {
    t.model.enqueue(Reply.message("A pixel, and a shopping list."));
    const result = await generateText({ model: codex("gpt-test"), messages: await imageAndDocument() });

    expect(result.text).toBe("A pixel, and a shopping list.");
    expect(result.warnings).toEqual([]);
    expect(t.model.inputImages(last())).toEqual([expect.stringMatching(/^data:image\/png;base64,/)]);
    expect(t.model.inputTexts(last(), "user")).toContain("notes.txt:\nbuy milk");
  });
});

describe("@codexkit/ai-sdk (LanguageModelV3) under ai@7's adapter", () => {
  it("runs the tool loop in one turn, and takes ai@7's file inputs", async () => {
    await using v3 = createCodexProviderV3({ codex: t.codex, cwd: t.workspace });
    executed.length = 0;
    t.model.enqueue(
      Reply.toolCall("lookup_order", { id: "A-17" }, { callId: "call_v3" }),
      Reply.message("Order A-17 has shipped."),
    );
    const loop = await generateText({
      model: v3("gpt-test"),
      tools: { lookup_order: lookupOrder },
      stopWhen: isStepCount(5),
      prompt: "Where is order A-17?",
    });
    expect(v3("gpt-test").specificationVersion).toBe("v3");
    expect(executed).toEqual(["A-17"]);
    expect(loop.steps.map((step) => step.finishReason)).toEqual(["tool-calls", "stop"]);
    expect(loop.text).toBe("Order A-17 has shipped.");

    t.model.enqueue(Reply.message("Seen."));
    const files = await generateText({ model: v3("gpt-test"), messages: await imageAndDocument() });
    expect(files.warnings).toEqual([]);
    expect(t.model.inputImages(last())).toEqual([expect.stringMatching(/^data:image\/png;base64,/)]);
    expect(t.model.inputTexts(last(), "user")).toContain("notes.txt:\nbuy milk");
  });
});
