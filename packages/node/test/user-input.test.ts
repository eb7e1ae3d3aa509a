import type { ServerRequestEvent, ToolRequestUserInputParams } from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { TRANSPORTS } from "./support/transports.js";

/** `request_user_input` is only offered in Plan collaboration mode, selected with `collaborationMode`. */
const PLAN = {
  mode: "plan",
  settings: { model: "mock-model", reasoning_effort: null, developer_instructions: null },
} as const;

const askColour = Reply.functionCall(
  "request_user_input",
  {
    questions: [
      {
        id: "colour",
        header: "Colour",
        question: "Which colour?",
        options: [
          { label: "blue", description: "like the sky" },
          { label: "red", description: "like fire" },
        ],
      },
    ],
  },
  { callId: "call_ask" },
);

describe.concurrent.each(TRANSPORTS)("request_user_input (%s)", (transport) => {
  it("onUserInput answers the agent's questions", async () => {
    await using t = await createTestCodex({ transport, script: [askColour, Reply.message("blue it is")] });
    const asked: ToolRequestUserInputParams[] = [];
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      onUserInput: (params) => {
        asked.push(params);
        return { answers: { colour: { answers: ["blue"] } } };
      },
    });
    const result = await thread.run("pick a colour with me", { collaborationMode: PLAN });

    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("blue it is");
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ threadId: thread.id, itemId: "call_ask" });
    expect(asked[0]?.questions[0]).toMatchObject({ id: "colour", question: "Which colour?" });
    expect(JSON.parse(t.model.functionCallOutputs(1)[0]?.output ?? "null")).toEqual({
      answers: { colour: { answers: ["blue"] } },
    });
  });

  it("without a handler the questions get no answers, reported, and the turn completes", async () => {
    await using t = await createTestCodex({
      transport,
      script: [askColour, Reply.message("no answer then")],
    });
    const events: ServerRequestEvent[] = [];
    t.codex.onServerRequest((event) => events.push(event));
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const result = await thread.run("pick a colour with me", { collaborationMode: PLAN });

    expect(result.status).toBe("completed");
    expect(events).toEqual([
      expect.objectContaining({
        method: "item/tool/requestUserInput",
        answeredBy: "default",
        reason: "noHandler",
        result: { answers: {} },
      }),
    ]);
    expect(JSON.parse(t.model.functionCallOutputs(1)[0]?.output ?? "null")).toEqual({ answers: {} });
  });
});
