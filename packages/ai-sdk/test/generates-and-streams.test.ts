import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Item, Reply, scaledTimeout } from "@codexkit/testing";
import { generateObject, generateText, streamObject, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CODEX_TOOL_NAMES,
  type CodexProvider,
  CodexTurnFailedError,
  createCodexProvider,
} from "../src/index.js";
import { startTestCodex, type TestCodex } from "./support/test-codex.js";

let t: TestCodex;
let codex: CodexProvider;

beforeAll(async () => {
  t = await startTestCodex();
  codex = createCodexProvider({
    codex: t.codex,
    cwd: t.workspace,
    sandbox: "fullAccess",
    approvalMode: "denyAll",
  });
});
afterAll(async () => {
  await codex?.close();
  await t?.dispose();
});

describe("generateText and streamText through the Codex provider", () => {
  it("generateText answers with the turn's text, usage, finish reason and thread metadata", async () => {
    t.model.enqueue(
      Reply.message("Hello from Codex.", {
        usage: { inputTokens: 40, cachedInputTokens: 10, outputTokens: 7, reasoningOutputTokens: 2 },
      }),
    );
    const result = await generateText({
      model: codex("gpt-test"),
      prompt: "Say hello.",
      temperature: 0.3,
      seed: 7,
    });

    expect(result.text).toBe("Hello from Codex.");
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toMatchObject({
      inputTokens: 40,
      outputTokens: 7,
      inputTokenDetails: { cacheReadTokens: 10, noCacheTokens: 30 },
      outputTokenDetails: { reasoningTokens: 2, textTokens: 5 },
    });
    expect(result.providerMetadata?.codex).toEqual({
      threadId: expect.stringMatching(/.+/),
      turnId: expect.stringMatching(/.+/),
    });
    expect(
      result.warnings?.map((warning) => ("feature" in warning ? warning.feature : warning.message)),
    ).toEqual(["temperature", "seed"]);
    expect(t.model.inputTexts(t.model.requests.length - 1, "user")).toContain("Say hello.");
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
    const call = parts.find((part) => part.type === "tool-call");
    expect(call).toMatchObject({
      toolName: CODEX_TOOL_NAMES.commandExecution,
      providerExecuted: true,
      dynamic: true,
    });
    expect(JSON.stringify(call?.input)).toContain("echo listed");
    const toolResult = parts.find((part) => part.type === "tool-result");
    expect(toolResult).toMatchObject({ toolName: CODEX_TOOL_NAMES.commandExecution, providerExecuted: true });
    expect(JSON.stringify(toolResult?.output)).toContain("listed");
    expect(types.indexOf("tool-call")).toBeLessThan(types.indexOf("tool-result"));
    expect(types.indexOf("tool-result")).toBeLessThan(types.indexOf("text-delta"));
    expect(await result.text).toBe("The command printed listed.");
    expect(await result.reasoningText).toContain("Let me list the files.");
    expect(await result.finishReason).toBe("stop");
  });

  it("generateObject constrains the answer with the schema (Codex's outputSchema) and parses it", async () => {
    t.model.enqueue(Reply.message(JSON.stringify({ city: "Paris", population: 2102650 })));
    const { object } = await generateObject({
      model: codex("gpt-test"),
      schema: z.object({ city: z.string(), population: z.number() }),
      prompt: "Largest city of France?",
    });

    expect(object).toEqual({ city: "Paris", population: 2102650 });
    const format = t.model.outputFormat(t.model.requests.length - 1);
    expect(JSON.stringify(format)).toContain("population");
  });

  it("streamObject streams the constrained answer as partial objects", async () => {
    t.model.enqueue(
      Reply.message(JSON.stringify({ colors: ["red", "green", "blue"] }), {
        stream: ['{"colors":["red",', '"green",', '"blue"]}'],
      }),
    );
    const result = streamObject({
      model: codex("gpt-test"),
      schema: z.object({ colors: z.array(z.string()) }),
      prompt: "Three colours.",
    });
    const partials: unknown[] = [];
    for await (const partial of result.partialObjectStream) partials.push(partial);
    expect(partials.length).toBeGreaterThan(1);
    expect(await result.object).toEqual({ colors: ["red", "green", "blue"] });
  });

  it("Codex's file edits come as provider-executed codex_file_change parts", async () => {
    const patch = "*** Begin Patch\n*** Add File: notes.txt\n+written by codex\n*** End Patch\n";
    t.model.enqueue(Reply.applyPatch(patch, { callId: "call_patch" }), Reply.message("Wrote notes.txt."));
    // apply_patch is offered for known model slugs
    const result = await generateText({ model: codex("gpt-5.5"), prompt: "Write notes.txt." });

    expect(await readFile(join(t.workspace, "notes.txt"), "utf8")).toBe("written by codex\n");
    const call = result.content.find((part) => part.type === "tool-call");
    expect(call).toMatchObject({
      toolName: CODEX_TOOL_NAMES.fileChange,
      providerExecuted: true,
      input: { changes: [{ path: expect.stringContaining("notes.txt") }] },
    });
    const done = result.content.find((part) => part.type === "tool-result");
    expect(done).toMatchObject({
      toolName: CODEX_TOOL_NAMES.fileChange,
      output: expect.objectContaining({ status: "completed" }),
    });
    expect(result.text).toBe("Wrote notes.txt.");
  });

  it("a failed turn rejects generateText with CodexTurnFailedError, and ends streamText with an error part", async () => {
    t.model.enqueue(Reply.failed("server_error", "the model is on fire"));
    const failed = generateText({ model: codex("gpt-test"), prompt: "Fail please.", maxRetries: 0 });
    await expect(failed).rejects.toBeInstanceOf(CodexTurnFailedError);
    await expect(failed).rejects.toThrow(/the model is on fire|failed/);

    t.model.enqueue(Reply.failed("server_error", "the model is on fire"));
    const errors: unknown[] = [];
    const result = streamText({
      model: codex("gpt-test"),
      prompt: "Fail again.",
      onError: ({ error }) => void errors.push(error),
    });
    const types: string[] = [];
    for await (const part of result.fullStream) types.push(part.type);
    expect(types).toContain("error");
    expect(errors[0]).toBeInstanceOf(CodexTurnFailedError);
    expect(await result.finishReason).toBe("error");
  });

  it("abortSignal interrupts the running turn", async () => {
    t.model.enqueue(Reply.stall());
    const controller = new AbortController();
    const started = t.model.waitForRequests(t.model.requests.length + 1, {
      timeoutMs: scaledTimeout(20_000),
    });
    const pending = generateText({
      model: codex("gpt-test"),
      prompt: "Take forever.",
      abortSignal: controller.signal,
    });
    await started;
    controller.abort(new Error("user pressed stop"));
    await expect(pending).rejects.toThrow(/user pressed stop/);
    // an already-aborted signal sends nothing
    const before = t.model.requests.length;
    await expect(
      generateText({
        model: codex("gpt-test"),
        prompt: "Never sent.",
        abortSignal: AbortSignal.abort(new Error("too late")),
      }),
    ).rejects.toThrow(/too late/);
    expect(t.model.requests.length).toBe(before);
    // the thread is free again: its next turn runs
    t.model.enqueue(Reply.message("still alive"));
    const next = await generateText({ model: codex("gpt-test"), prompt: "Are you there?" });
    expect(next.text).toBe("still alive");
  });
});
