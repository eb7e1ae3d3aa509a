import { AbortError, InvalidRequestError, imageInput, textInput } from "@codexkit/node";
import { createTestCodex, Reply, scaledTimeout } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { failedResult } from "./support/helpers.js";

describe.concurrent("turns on one thread are queued", () => {
  it("two run() calls started at once run one after the other, the second seeing the first", async () => {
    await using t = await createTestCodex({
      script: [Reply.message("first answer", { delayMs: 100 }), Reply.message("second answer")],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const [first, second] = await Promise.all([thread.run("first question"), thread.run("second question")]);

    expect(first.status).toBe("completed");
    expect(second.status).toBe("completed");
    expect(first.id).not.toBe(second.id);
    expect(first.finalResponse).toBe("first answer");
    expect(second.finalResponse).toBe("second answer");
    expect(t.model.requests).toHaveLength(2);
    // the second request was made after the first turn completed: it carries the whole first exchange
    expect(t.model.inputTexts(0, "user")).not.toContain("second question");
    expect(t.model.inputTexts(1, "user")).toEqual(
      expect.arrayContaining(["first question", "second question"]),
    );
    expect(t.model.inputTexts(1, "assistant")).toContain("first answer");
    const { thread: stored } = await thread.read({ includeTurns: true });
    expect(stored.turns.map((turn) => turn.id)).toEqual([first.id, second.id]);
  });

  it("turn() resolves only once the previous turn on the thread has completed", async () => {
    await using t = await createTestCodex({
      script: [Reply.message("slow", { delayMs: 150 }), Reply.message("fast")],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const order: string[] = [];
    const first = await thread.turn("one");
    const firstResult = first.run().then((r) => {
      order.push("first completed");
      return r;
    });
    const second = await thread.turn("two");
    order.push("second started");
    const secondResult = await second.run();
    expect(order).toEqual(["first completed", "second started"]);
    expect((await firstResult).finalResponse).toBe("slow");
    expect(secondResult.finalResponse).toBe("fast");
  });

  it("a failed turn does not block the queue", async () => {
    await using t = await createTestCodex({ script: [Reply.httpError(500), Reply.message("recovered")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const [failed, next] = await Promise.all([failedResult(thread.run("boom")), thread.run("again")]);
    expect(failed.status).toBe("failed");
    expect(next.status).toBe("completed");
    expect(next.finalResponse).toBe("recovered");
  });

  it("a turn refused by the server does not block the queue", async () => {
    await using t = await createTestCodex({ script: [Reply.message("still works")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    // codex (0.169 through 0.171) refuses remote image URLs in turn/start itself
    const refused = thread.run([textInput("x"), imageInput("https://example.com/cat.png")]);
    const next = thread.run("y");
    await expect(refused).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(refused).rejects.toThrow(/remote image URLs are not supported/);
    expect((await next).finalResponse).toBe("still works");
  });

  it("aborting a queued turn rejects it at once, without waiting for the running one", async () => {
    await using t = await createTestCodex({ script: [Reply.stall(), Reply.message("after")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const running = await thread.turn("long");
    await t.model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });
    const controller = new AbortController();
    const queued = thread.run("queued", { signal: controller.signal });
    controller.abort("changed my mind");
    const error = await queued.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe("changed my mind");

    // the running turn is unaffected; once it ends the thread takes new turns, and the aborted one never ran
    expect(t.model.requests).toHaveLength(1);
    await running.interrupt();
    expect((await running.run()).status).toBe("interrupted");
    const after = await thread.run("after");
    expect(after.finalResponse).toBe("after");
    expect(t.model.inputTexts(1, "user")).not.toContain("queued");
  });

  it("two Thread objects for the same thread share one queue", async () => {
    await using t = await createTestCodex({
      script: [
        Reply.message("persisted"),
        Reply.message("from a", { delayMs: 100 }),
        Reply.message("from b"),
      ],
    });
    const a = await t.codex.threadStart({ cwd: t.workspace });
    await a.run("persist");
    const b = await t.codex.threadResume(a.id);
    expect(b).not.toBe(a);
    const [ra, rb] = await Promise.all([a.run("a asks"), b.run("b asks")]);
    expect(ra.id).not.toBe(rb.id);
    expect([ra.finalResponse, rb.finalResponse]).toEqual(["from a", "from b"]);
    expect(t.model.inputTexts(2, "assistant")).toContain("from a");
    expect(t.codex.stats()).toMatchObject({ busyThreads: 0, open: 0 });
  });
});
