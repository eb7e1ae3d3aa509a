import type { Notification, Thread } from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { agentDeltas, collect, lastUserText, threadIdOf, turnIdOf } from "./support/helpers.js";

/** A reply streamed as `<name>-1 `, `<name>-2 `, `<name>-done`, chosen by the prompt (`name`), so that
 *  requests arriving in any order get their own answer. Dripped, so that concurrent streams interleave. */
const replyByPrompt = Reply.dynamic((request) => {
  const name = lastUserText(request) ?? "unknown";
  return Reply.message(`${name}-1 ${name}-2 ${name}-done`, {
    stream: [`${name}-1 `, `${name}-2 `, `${name}-done`],
    dripMs: 15,
  });
});

async function runStreamed(thread: Thread, prompt: string) {
  const handle = await thread.turn(prompt);
  const events = await collect(handle.stream());
  return { handle, events, result: await handle.run() };
}

function expectOnlyOwnEvents(events: readonly Notification[], threadId: string, turnId: string) {
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    expect(turnIdOf(event)).toBe(turnId);
    const owner = threadIdOf(event);
    if (owner !== undefined) expect(owner).toBe(threadId);
  }
  expect(events.filter((e) => e.method === "turn/completed")).toHaveLength(1);
}

describe.concurrent("concurrent turns on different threads", () => {
  it("two interleaved turns each receive only their own events", async () => {
    await using t = await createTestCodex({ script: [replyByPrompt, replyByPrompt] });
    const [one, two] = await Promise.all([
      t.codex.threadStart({ cwd: t.workspace }),
      t.codex.threadStart({ cwd: t.workspace }),
    ]);
    const [a, b] = await Promise.all([runStreamed(one, "one"), runStreamed(two, "two")]);

    expect(agentDeltas(a.events)).toEqual(["one-1 ", "one-2 ", "one-done"]);
    expect(agentDeltas(b.events)).toEqual(["two-1 ", "two-2 ", "two-done"]);
    expectOnlyOwnEvents(a.events, one.id, a.handle.id);
    expectOnlyOwnEvents(b.events, two.id, b.handle.id);
    expect(a.result.finalResponse).toBe("one-1 one-2 one-done");
    expect(b.result.finalResponse).toBe("two-1 two-2 two-done");
    expect(t.model.requests).toHaveLength(2);
  });

  it("ten concurrent turns each get their own answer, and nothing is left behind", async () => {
    const names = Array.from({ length: 10 }, (_, i) => `t${i}`);
    await using t = await createTestCodex({ script: names.map(() => replyByPrompt) });
    const threads = await Promise.all(names.map(() => t.codex.threadStart({ cwd: t.workspace })));
    const runs = await Promise.all(threads.map((thread, i) => runStreamed(thread, names[i]!)));

    runs.forEach(({ handle, events, result }, i) => {
      const name = names[i]!;
      expect(agentDeltas(events)).toEqual([`${name}-1 `, `${name}-2 `, `${name}-done`]);
      expectOnlyOwnEvents(events, threads[i]!.id, handle.id);
      expect(result).toMatchObject({ status: "completed", threadId: threads[i]!.id, id: handle.id });
      expect(result.finalResponse).toBe(`${name}-1 ${name}-2 ${name}-done`);
    });
    expect(new Set(runs.map((r) => r.handle.id)).size).toBe(10);
    expect(t.model.requests).toHaveLength(10);
    // every per-turn structure was released
    expect(t.codex.stats()).toMatchObject({
      open: 0,
      buffered: 0,
      completionWaiters: 0,
      startedItems: 0,
      turnHandlers: 0,
    });
  });

  it("runs concurrent run() calls to completion without streams", async () => {
    await using t = await createTestCodex({ script: [replyByPrompt, replyByPrompt, replyByPrompt] });
    const threads = await Promise.all([1, 2, 3].map(() => t.codex.threadStart({ cwd: t.workspace })));
    const results = await Promise.all(threads.map((thread, i) => thread.run(`r${i}`)));
    expect(results.map((r) => r.finalResponse)).toEqual([
      "r0-1 r0-2 r0-done",
      "r1-1 r1-2 r1-done",
      "r2-1 r2-2 r2-done",
    ]);
    expect(results.map((r) => r.threadId)).toEqual(threads.map((thread) => thread.id));
  });
});
