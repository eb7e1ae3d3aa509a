import type { Notification } from "@codexkit/node";
import { createTestCodex, Item, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { agentDeltas, collect, turnIdOf } from "./support/helpers.js";
import { TRANSPORTS } from "./support/transports.js";

describe.concurrent.each(TRANSPORTS)("TurnHandle.stream (%s)", (transport) => {
  it("yields this turn's deltas in order, ends after exactly one turn/completed, and run() then returns at once", async () => {
    await using t = await createTestCodex({
      transport,
      script: [
        Reply.items(
          [
            Item.reasoning("Thinking it over.", { stream: true }),
            Item.message("one two three four", { stream: ["one ", "two ", "three ", "four"] }),
          ],
          { dripMs: 5 },
        ),
      ],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.turn("count to four");
    const events = await collect(handle.stream());

    expect(agentDeltas(events)).toEqual(["one ", "two ", "three ", "four"]);
    const summary = events.flatMap((e) =>
      e.method === "item/reasoning/summaryTextDelta" ? [e.params.delta] : [],
    );
    expect(summary.join("")).toBe("Thinking it over.");
    expect(events.filter((e) => e.method === "turn/completed")).toHaveLength(1);
    expect(events.at(-1)?.method).toBe("turn/completed");
    expect(events.filter((e) => e.method === "turn/started")).toHaveLength(1);
    // only this turn's events, none of the thread- or client-level ones
    for (const event of events) expect(turnIdOf(event)).toBe(handle.id);
    expect(events.some((e) => e.method === "item/completed" && e.params.item.type === "agentMessage")).toBe(
      true,
    );

    const result = await handle.run();
    expect(result.id).toBe(handle.id);
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("one two three four");
    expect(result.items.map((item) => item.type)).toEqual(["userMessage", "reasoning", "agentMessage"]);
    // a consumed stream is over: reading it again yields nothing
    expect(await collect(handle.stream())).toEqual([]);
  });

  it("is also the handle's async iterator", async () => {
    await using t = await createTestCodex({
      transport,
      script: [Reply.message("ab cd", { stream: ["ab ", "cd"] })],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.turn("go");
    const events: Notification[] = [];
    for await (const event of handle) events.push(event);
    expect(agentDeltas(events)).toEqual(["ab ", "cd"]);
  });

  it("can be left early; run() collects the rest, including the events already streamed", async () => {
    await using t = await createTestCodex({
      transport,
      script: [Reply.message("alpha beta gamma delta", { stream: true, dripMs: 10 })],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.turn("go");
    const seen: Notification[] = [];
    for await (const event of handle.stream()) {
      seen.push(event);
      if (event.method === "item/agentMessage/delta") break;
    }
    expect(agentDeltas(seen)).toEqual(["alpha "]);
    const result = await handle.run();
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("alpha beta gamma delta");
    expect(result.items.map((item) => item.type)).toEqual(["userMessage", "agentMessage"]);
  });

  it("refuses a second reader while one is streaming", async () => {
    await using t = await createTestCodex({
      transport,
      script: [Reply.message("slow", { stream: true, delayMs: 100 })],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.turn("go");
    const first = handle.stream();
    const firstEvent = await first.next();
    expect(firstEvent.done).toBe(false);
    await expect(handle.stream().next()).rejects.toThrow(/already being streamed/);
    await expect(handle.run()).rejects.toThrow(/is being streamed/);
    const rest = await collect({ [Symbol.asyncIterator]: () => first });
    expect(rest.at(-1)?.method).toBe("turn/completed");
    // the refused run() left nothing behind: once the stream is over, run() returns the result
    const result = await handle.run();
    expect(result.finalResponse).toBe("slow");
  });
});
