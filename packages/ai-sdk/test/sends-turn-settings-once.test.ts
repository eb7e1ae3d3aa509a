import { JsonlTransport } from "@codexkit/node";
import { Reply } from "@codexkit/testing";
import { generateText } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
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
afterEach(() => {
  vi.restoreAllMocks();
});

/** The params of every `turn/start` the client sends from now on. */
function recordTurnStarts(): Record<string, unknown>[] {
  const params: Record<string, unknown>[] = [];
  const send = JsonlTransport.prototype.send;
  vi.spyOn(JsonlTransport.prototype, "send").mockImplementation(function (this: JsonlTransport, message) {
    if ("method" in message && message.method === "turn/start")
      params.push(message.params as Record<string, unknown>);
    return send.call(this, message);
  });
  return params;
}

const settingsOf = (params: Record<string, unknown> | undefined) => ({
  model: params?.model,
  effort: params?.effort,
  summary: params?.summary,
});
const threadIdOf = (result: { providerMetadata?: Record<string, Record<string, unknown>> | undefined }) =>
  String(result.providerMetadata?.codex?.threadId);
const lastModel = () => t.model.requests.at(-1)?.body?.model;

describe("turn settings the thread already runs with are not sent again", () => {
  it("a continued conversation sends its model, effort and summary only on the turn that sets them", async () => {
    const turnStarts = recordTurnStarts();
    t.model.enqueue(Reply.message("One."), Reply.message("Two."), Reply.message("Three."));
    const model = codex("gpt-test", { effort: "high", summary: "concise" });
    const one = await generateText({ model, prompt: "Count." });
    const providerOptions = { codex: { threadId: threadIdOf(one) } };
    const two = await generateText({ model, prompt: "Go on.", providerOptions });
    const three = await generateText({ model, prompt: "Once more.", providerOptions });

    expect([one.text, two.text, three.text]).toEqual(["One.", "Two.", "Three."]);
    // the thread was started on gpt-test; effort and summary are set by its first turn and then kept
    expect(turnStarts.map(settingsOf)).toEqual([
      { model: undefined, effort: "high", summary: "concise" },
      { model: undefined, effort: undefined, summary: undefined },
      { model: undefined, effort: undefined, summary: undefined },
    ]);
    expect(lastModel()).toBe("gpt-test");
  });

  it("a conversation continued through another model id switches the thread to it, and back", async () => {
    const turnStarts = recordTurnStarts();
    t.model.enqueue(Reply.message("A."), Reply.message("B."), Reply.message("C."), Reply.message("D."));
    const one = await generateText({ model: codex("gpt-test"), prompt: "Letter." });
    const providerOptions = { codex: { threadId: threadIdOf(one) } };
    await generateText({ model: codex("gpt-other"), prompt: "Next.", providerOptions });
    expect(lastModel()).toBe("gpt-other");
    await generateText({ model: codex("gpt-other"), prompt: "Next.", providerOptions });
    expect(lastModel()).toBe("gpt-other");
    await generateText({ model: codex("gpt-test"), prompt: "Next.", providerOptions });
    expect(lastModel()).toBe("gpt-test");
    expect(turnStarts.map((params) => params.model)).toEqual([undefined, "gpt-other", undefined, "gpt-test"]);
  });

  it("follows a model change made on the thread outside the provider", async () => {
    t.model.enqueue(Reply.message("Yes."), Reply.message("Elsewhere."), Reply.message("Back."));
    const one = await generateText({ model: codex("gpt-test"), prompt: "Ready?" });
    const threadId = threadIdOf(one);
    const direct = await t.codex.threadResume(threadId);
    await direct.run("Switch.", { model: "gpt-other" });
    expect(lastModel()).toBe("gpt-other");

    const turnStarts = recordTurnStarts();
    await generateText({
      model: codex("gpt-test"),
      prompt: "And now?",
      providerOptions: { codex: { threadId } },
    });
    expect(turnStarts.map((params) => params.model)).toEqual(["gpt-test"]);
    expect(lastModel()).toBe("gpt-test");
  });
});
