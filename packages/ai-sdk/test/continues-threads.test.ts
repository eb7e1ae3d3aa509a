import { Reply } from "@codexkit/testing";
import { generateText, type ModelMessage } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const lastRequest = () => t.model.requests.length - 1;
const count = (texts: string[], needle: string) => texts.filter((text) => text.includes(needle)).length;
const threadIdOf = (result: { providerMetadata?: Record<string, Record<string, unknown>> | undefined }) =>
  result.providerMetadata?.codex?.threadId;

describe("one Codex thread per conversation", () => {
  it("continues the thread when the prompt extends the previous answer, sending only the new message", async () => {
    t.model.enqueue(Reply.message("Blue is calm."), Reply.message("Green is fresh."));
    const first: ModelMessage[] = [{ role: "user", content: "Describe blue." }];
    const one = await generateText({ model: codex("gpt-test"), messages: first });
    const two = await generateText({
      model: codex("gpt-test"),
      messages: [...first, ...one.response.messages, { role: "user", content: "Now green." }],
    });

    expect(two.text).toBe("Green is fresh.");
    expect(threadIdOf(two)).toBe(threadIdOf(one));
    const users = t.model.inputTexts(lastRequest(), "user");
    expect(count(users, "Describe blue.")).toBe(1); // held by the thread, not replayed
    expect(count(users, "Now green.")).toBe(1);
    expect(two.warnings).toEqual([]);
  });

  it("recognises the conversation by its history when the metadata was stripped", async () => {
    t.model.enqueue(Reply.message("Seven."), Reply.message("Eight."));
    const one = await generateText({ model: codex("gpt-test"), prompt: "A number please." });
    const two = await generateText({
      model: codex("gpt-test"),
      messages: [
        { role: "user", content: "A number please." },
        { role: "assistant", content: one.text },
        { role: "user", content: "Another one." },
      ],
    });
    expect(threadIdOf(two)).toBe(threadIdOf(one));
    expect(count(t.model.inputTexts(lastRequest(), "user"), "A number please.")).toBe(1);
  });

  it("providerOptions.codex.threadId continues a named thread", async () => {
    t.model.enqueue(Reply.message("Noted."), Reply.message("You said: remember 42."));
    const one = await generateText({ model: codex("gpt-test"), prompt: "Remember 42." });
    const two = await generateText({
      model: codex("gpt-test"),
      prompt: "What did I say?",
      providerOptions: { codex: { threadId: String(threadIdOf(one)) } },
    });
    expect(threadIdOf(two)).toBe(threadIdOf(one));
    const users = t.model.inputTexts(lastRequest(), "user");
    expect(count(users, "Remember 42.")).toBe(1);
    expect(count(users, "What did I say?")).toBe(1);
  });

  it("an unknown history goes once, as a transcript, to a new thread, with a compatibility warning", async () => {
    t.model.enqueue(Reply.message("Understood."));
    const result = await generateText({
      model: codex("gpt-test"),
      messages: [
        { role: "user", content: "My name is Ada." },
        { role: "assistant", content: "Hello Ada." },
        { role: "user", content: "What is my name?" },
      ],
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: "compatibility", feature: "conversation history" }),
    ]);
    const users = t.model.inputTexts(lastRequest(), "user").join("\n");
    expect(users).toContain("My name is Ada.");
    expect(users).toContain("[assistant]\nHello Ada.");
    expect(count(t.model.inputTexts(lastRequest(), "user"), "What is my name?")).toBe(1);
  });

  it("stateless mode starts a new thread for every call and sends the whole prompt", async () => {
    const stateless = createCodexProvider({ codex: t.codex, cwd: t.workspace, conversation: "stateless" });
    t.model.enqueue(Reply.message("One."), Reply.message("Two."));
    const one = await generateText({ model: stateless("gpt-test"), prompt: "Count." });
    const two = await generateText({
      model: stateless("gpt-test"),
      messages: [
        { role: "user", content: "Count." },
        ...one.response.messages,
        { role: "user", content: "Next." },
      ],
    });
    expect(threadIdOf(two)).not.toBe(threadIdOf(one));
    expect(two.warnings).toEqual([]);
    const users = t.model.inputTexts(lastRequest(), "user").join("\n");
    expect(users).toContain("[assistant]\nOne.");
    expect(users).toContain("Next.");
    await stateless.close();
    expect(t.codex.isClosed).toBe(false); // a Codex it was given stays open
  });

  it("refuses providerOptions.codex it does not know before anything is sent", async () => {
    const before = t.model.requests.length;
    await expect(
      generateText({
        model: codex("gpt-test"),
        prompt: "x",
        providerOptions: { codex: { threadID: "typo" } },
      }),
    ).rejects.toThrow(/unknown option "threadID"/);
    await expect(
      generateText({
        model: codex("gpt-test"),
        prompt: "x",
        providerOptions: { codex: { approvalMode: "sometimes" } },
      }),
    ).rejects.toThrow(/approvalMode must be one of/);
    expect(t.model.requests.length).toBe(before);
  });
});
