import { afterEach, describe, expect, test } from "vitest";
import { Item, Reply } from "../src/index.js";
import { disposeAll, startE2e } from "./support/e2e.js";

afterEach(disposeAll);

describe("real codex app-server against the scripted model", () => {
  test("completes a turn with the scripted answer and records the prompt", async () => {
    const { model, client, threadId } = await startE2e([
      Reply.message("Hello from the script!", { usage: { inputTokens: 7, outputTokens: 3 } }),
    ]);
    const { turn } = await client.runTurn(threadId, "hi");
    expect(turn.status).toBe("completed");
    const completed = client
      .notifications("item/completed")
      .map((m) => m.params?.item as { type: string; text?: string });
    expect(completed.find((item) => item.type === "agentMessage")?.text).toBe("Hello from the script!");
    expect(model.requests).toHaveLength(1);
    expect(model.inputTexts(0, "user")).toContain("hi");
    expect(model.request(0).body?.model).toBe("mock-model");
    expect(model.toolNames(0)).toContain("exec_command");
    const usage = await client.waitForNotification("thread/tokenUsage/updated");
    expect(usage.tokenUsage).toMatchObject({ last: { inputTokens: 7, outputTokens: 3, totalTokens: 10 } });
  });

  test("streams message and reasoning deltas as item notifications", async () => {
    const { client, threadId } = await startE2e([
      Reply.items([
        Item.reasoning("Thinking hard.", { stream: true }),
        Item.message("Hello there, friend!", { stream: true, phase: "final_answer" }),
      ]),
    ]);
    await client.runTurn(threadId, "stream please");
    const deltas = client.notifications("item/agentMessage/delta").map((m) => m.params?.delta);
    expect(deltas).toEqual(["Hello ", "there, ", "friend!"]);
    const summary = client.notifications("item/reasoning/summaryTextDelta").map((m) => m.params?.delta);
    expect(summary).toEqual(["Thinking ", "hard."]);
    const items = client
      .notifications("item/completed")
      .map((m) => m.params?.item as Record<string, unknown>);
    expect(items.find((item) => item.type === "reasoning")).toMatchObject({ summary: ["Thinking hard."] });
    expect(items.find((item) => item.type === "agentMessage")).toMatchObject({
      text: "Hello there, friend!",
      phase: "final_answer",
    });
  });

  test("HTTP 500 fails the turn, and the thread stays usable", async () => {
    const { model, client, threadId } = await startE2e([Reply.httpError(500), Reply.message("recovered")]);
    const first = await client.runTurn(threadId, "boom");
    expect(first.turn.status).toBe("failed");
    const error = await client.waitForNotification("error");
    expect(error).toMatchObject({ willRetry: false, error: { codexErrorInfo: "internalServerError" } });
    const second = await client.runTurn(threadId, "again");
    expect(second.turn.status).toBe("completed");
    expect(model.requests).toHaveLength(2);
  });

  test("response.failed and an early close fail the turn with codex's messages", async () => {
    const { client, threadId } = await startE2e([
      Reply.failed("server_error", "model exploded"),
      Reply.closeEarly({ items: [Item.message("partial")] }),
    ]);
    const failed = await client.runTurn(threadId, "explode");
    expect(failed.turn.status).toBe("failed");
    expect(failed.turn.error).toMatchObject({
      message: "stream disconnected before completion: model exploded",
    });
    const closed = await client.runTurn(threadId, "hang up");
    expect(closed.turn.status).toBe("failed");
    expect(closed.turn.error).toMatchObject({
      message: "stream disconnected before completion: stream closed before response.completed",
    });
  });

  test("an exhausted script fails the turn at once, saying so, even with retries configured", async () => {
    const { model, client, threadId } = await startE2e([], {
      extraConfig: { model_providers: { mock: { request_max_retries: 4, stream_max_retries: 5 } } },
    });
    const { turn } = await client.runTurn(threadId, "nobody scripted this");
    expect(turn.status).toBe("failed");
    expect(turn.error).toMatchObject({
      message:
        'ScriptedModel: script exhausted at model request #0: no scripted reply left. Last input: user message "nobody scripted this". Add replies to the script or with model.enqueue(...).',
      codexErrorInfo: "other",
    });
    // not retried: exactly one request, the unscripted one
    expect(model.unscriptedRequests).toEqual([model.request(0)]);
    expect(model.requests).toHaveLength(1);
  });

  test("a held reply keeps the turn running after its command ran, until released", async () => {
    const answer = Reply.hold(Reply.message("it printed held"));
    const { model, client, threadId } = await startE2e(
      [Reply.execCommand("echo held", { callId: "call_h" }), answer],
      { sandbox: "danger-full-access" },
    );
    const started = await client.request("turn/start", {
      threadId,
      input: [{ type: "text", text: "run and wait", text_elements: [] }],
    });
    const turnId = (started.turn as { id: string }).id;
    const request = await answer.arrived;
    expect(request).toBe(model.request(1));
    expect(model.functionCallOutputs(1)).toEqual([
      expect.objectContaining({ callId: "call_h", output: expect.stringMatching(/Output:\nheld\n/) }),
    ]);
    const command = await client.waitForNotification(
      "item/completed",
      (p) => (p.item as { type: string }).type === "commandExecution",
    );
    expect(command.item).toMatchObject({ id: "call_h", status: "completed", exitCode: 0 });
    expect(client.notifications("turn/completed")).toEqual([]);
    answer.release();
    const completed = await client.waitForNotification("turn/completed");
    expect(completed.turn).toMatchObject({ id: turnId, status: "completed" });
    const messages = client
      .notifications("item/completed")
      .map((m) => m.params?.item as { type: string; text?: string })
      .filter((item) => item.type === "agentMessage");
    expect(messages.map((item) => item.text)).toEqual(["it printed held"]);
  });

  test("a stalled stream keeps the turn running until it is interrupted", async () => {
    const { model, client, threadId } = await startE2e([Reply.message("slow one", { stall: true })]);
    const started = await client.request("turn/start", {
      threadId,
      input: [{ type: "text", text: "take your time", text_elements: [] }],
    });
    const turnId = (started.turn as { id: string }).id;
    await client.waitForNotification(
      "item/completed",
      (p) => (p.item as { type: string }).type === "agentMessage",
    );
    expect(client.notifications("turn/completed")).toHaveLength(0);
    await client.request("turn/interrupt", { threadId, turnId });
    const completed = await client.waitForNotification("turn/completed");
    expect(completed.turn).toMatchObject({ id: turnId, status: "interrupted" });
    expect(model.requests).toHaveLength(1);
  });

  test("sends the output schema as text.format", async () => {
    const schema = {
      type: "object",
      properties: { answer: { type: "string" } },
      required: ["answer"],
      additionalProperties: false,
    };
    const { model, client, threadId } = await startE2e([Reply.message('{"answer":"42"}')]);
    const { turn } = await client.runTurn(threadId, "answer in JSON", { outputSchema: schema });
    expect(turn.status).toBe("completed");
    expect(model.outputFormat(0)).toMatchObject({ type: "json_schema", schema });
    expect(model.reviewerRequests).toHaveLength(0);
  });
});
