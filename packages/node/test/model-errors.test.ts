import type { ModelReply } from "@codexkit/testing";
import { createTestCodex, Item, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { collect, failedResult } from "./support/helpers.js";

const failures: Array<{ name: string; reply: ModelReply; message: RegExp; info: unknown }> = [
  {
    name: "HTTP 500",
    reply: Reply.httpError(500),
    message: /high demand/,
    info: "internalServerError",
  },
  {
    name: "HTTP 429",
    reply: Reply.httpError(429, { headers: { "retry-after": "1" } }),
    message: /exceeded retry limit, last status: 429/,
    info: { responseTooManyFailedAttempts: { httpStatusCode: 429 } },
  },
  {
    name: "response.failed",
    reply: Reply.failed("server_error", "model exploded"),
    message: /^stream disconnected before completion: model exploded$/,
    info: "other",
  },
  {
    name: "a stream closed before response.completed",
    reply: Reply.closeEarly({ items: [Item.message("half an answer")] }),
    message: /stream closed before response\.completed/,
    info: "other",
  },
];

describe.concurrent("model errors fail the turn, not the thread", () => {
  it.each(failures)(
    "$name → run() rejects with TurnFailedError carrying the result; the thread stays usable",
    async ({ reply, message, info }) => {
      await using t = await createTestCodex({ script: [reply, Reply.message("recovered")] });
      const thread = await t.codex.threadStart({ cwd: t.workspace });
      const handle = await thread.turn("please fail");
      const events = await collect(handle.stream());
      const result = await failedResult(handle.run());

      expect(result.status).toBe("failed");
      expect(result.error?.message).toMatch(message);
      expect(result.error?.codexErrorInfo).toEqual(info);
      const errors = events.filter((e) => e.method === "error");
      expect(errors).toHaveLength(1);
      expect(errors[0]?.params).toMatchObject({ willRetry: false, turnId: handle.id, error: result.error });
      expect(events.at(-1)?.method).toBe("turn/completed");

      const next = await thread.run("again");
      expect(next.status).toBe("completed");
      expect(next.finalResponse).toBe("recovered");
      // the failed prompt stays in the history
      expect(t.model.inputTexts(1, "user")).toEqual(expect.arrayContaining(["please fail", "again"]));
    },
  );

  it("an exhausted script fails the turn instead of hanging", async () => {
    await using t = await createTestCodex({ script: [] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const result = await failedResult(thread.run("nobody scripted this"));
    expect(result.status).toBe("failed");
    expect(result.error?.message).toMatch(/\S/);
    expect(t.model.unscriptedRequests).toHaveLength(1);
  });

  it("a failed turn keeps the items it completed before failing", async () => {
    await using t = await createTestCodex({
      script: [Reply.failed("server_error", "late failure", { items: [Item.message("before the failure")] })],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const result = await failedResult(thread.run("go"));
    expect(result.status).toBe("failed");
    expect(result.error?.message).toMatch(/late failure/);
    expect(result.items.map((item) => item.type)).toEqual(["userMessage", "agentMessage"]);
    expect(result.finalResponse).toBe("before the failure");
  });
});
