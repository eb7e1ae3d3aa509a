import { AbortError, InvalidRequestError, TurnAbortedError } from "@codexkit/node";
import { createTestCodex, Item, Reply, scaledTimeout } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { agentDeltas, collect, lastUserText } from "./support/helpers.js";
import { TRANSPORTS } from "./support/transports.js";

describe.concurrent.each(TRANSPORTS)("steer (%s)", (transport) => {
  it("adds input to the running turn: the next model request carries the steer text", async () => {
    await using t = await createTestCodex({
      transport,
      script: [Reply.message("working on it", { stall: true }), Reply.message("done, with X too")],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.turn("do the thing");
    await t.model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });

    const steered = await handle.steer("also do X");
    expect(steered.turnId).toBe(handle.id);
    const result = await handle.run();

    expect(result.id).toBe(handle.id);
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("done, with X too");
    expect(t.model.requests).toHaveLength(2);
    expect(t.model.inputTexts(1, "user")).toEqual(expect.arrayContaining(["do the thing", "also do X"]));
    expect(t.model.inputTexts(1, "user").at(-1)).toBe("also do X");
    // the steer is part of this turn: it shows up as a second user message among its items
    const userTexts = result.items.flatMap((item) =>
      item.type === "userMessage" ? item.content.flatMap((c) => (c.type === "text" ? [c.text] : [])) : [],
    );
    expect(userTexts).toEqual(["do the thing", "also do X"]);
  });

  it("fails with InvalidRequestError once the turn is over", async () => {
    await using t = await createTestCodex({ transport, script: [Reply.message("quick")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.turn("hi");
    await handle.run();
    await expect(handle.steer("too late")).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(handle.interrupt()).rejects.toThrow(/no active turn to interrupt/);
  });
});

describe.concurrent.each(TRANSPORTS)("interrupt (%s)", (transport) => {
  it("stops a stalled turn: status interrupted, and the thread takes the next turn", async () => {
    await using t = await createTestCodex({
      transport,
      script: [
        Reply.items([Item.message("partial answer", { stream: ["partial ", "answer"] })], { stall: true }),
        Reply.message("fresh start"),
      ],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.turn("take your time");
    const events = [];
    for await (const event of handle.stream()) {
      events.push(event);
      if (event.method === "item/completed" && event.params.item.type === "agentMessage") {
        await handle.interrupt();
      }
    }
    expect(agentDeltas(events)).toEqual(["partial ", "answer"]);
    expect(events.at(-1)).toMatchObject({
      method: "turn/completed",
      params: { turn: { status: "interrupted" } },
    });
    const result = await handle.run();
    expect(result.status).toBe("interrupted");
    expect(result.error).toBeNull();
    expect(result.finalResponse).toBe("partial answer");

    const next = await thread.run("start over");
    expect(next.status).toBe("completed");
    expect(next.finalResponse).toBe("fresh start");
    expect(t.model.inputTexts(1, "user").join("\n")).toMatch(/<turn_aborted>/);
  });
  it("interrupt() right after turn() returns still stops the turn", async () => {
    // turn/start answers before the turn is active; an interrupt sent that early used to be refused
    // ("no active turn to interrupt") and the turn ran on
    // the interrupted turn may or may not reach the model: answer by prompt, not by position
    const byPrompt = Reply.dynamic((request) =>
      lastUserText(request) === "next" ? Reply.message("next") : Reply.stall(),
    );
    await using t = await createTestCodex({ transport, script: [byPrompt, byPrompt] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.turn("stop me at once");
    expect(await handle.interrupt()).toEqual({});
    expect((await handle.run()).status).toBe("interrupted");
    expect((await thread.run("next")).finalResponse).toBe("next");
    expect(t.codex.stats()).toMatchObject({ activeTurns: 0, startWaiters: 0, open: 0 });
  });
});

describe.concurrent.each(TRANSPORTS)("AbortSignal (%s)", (transport) => {
  it("aborting mid-turn interrupts it and rejects run() with TurnAbortedError holding the result", async () => {
    await using t = await createTestCodex({ transport, script: [Reply.stall(), Reply.message("next")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const controller = new AbortController();
    const running = thread.run("long job", { signal: controller.signal });
    await t.model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });
    controller.abort(new Error("user pressed stop"));

    const error = await running.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnAbortedError);
    expect(error).toBeInstanceOf(AbortError);
    const aborted = error as TurnAbortedError;
    expect(aborted.code).toBe("aborted");
    expect(aborted.result.status).toBe("interrupted");
    expect(aborted.result.threadId).toBe(thread.id);
    expect(aborted.result.items.map((item) => item.type)).toEqual(["userMessage"]);
    expect((aborted.cause as Error).message).toBe("user pressed stop");

    expect((await thread.run("next")).finalResponse).toBe("next");
  });

  it("also aborts a turn being streamed", async () => {
    await using t = await createTestCodex({
      transport,
      script: [Reply.items([Item.message("tick", { stream: ["tick"] })], { stall: true })],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const controller = new AbortController();
    const handle = await thread.turn("stream it", { signal: controller.signal });
    const events = await collect(
      (async function* () {
        for await (const event of handle.stream()) {
          yield event;
          if (event.method === "item/agentMessage/delta") controller.abort();
        }
      })(),
    );
    expect(events.at(-1)).toMatchObject({
      method: "turn/completed",
      params: { turn: { status: "interrupted" } },
    });
    await expect(handle.run()).rejects.toBeInstanceOf(TurnAbortedError);
  });

  it("aborting right after turn() returns interrupts the turn", async () => {
    await using t = await createTestCodex({ transport, script: [Reply.stall()] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const controller = new AbortController();
    const handle = await thread.turn("abort me at once", { signal: controller.signal });
    controller.abort();
    const error = await handle.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnAbortedError);
    expect((error as TurnAbortedError).result.status).toBe("interrupted");
  });

  it("an already-aborted signal rejects and sends nothing to the model", async () => {
    await using t = await createTestCodex({
      transport,
      script: [Reply.message("never used"), Reply.message("used")],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const signal = AbortSignal.abort("no thanks");
    const error = await thread.run("should not run", { signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).not.toBeInstanceOf(TurnAbortedError);
    expect((error as AbortError).cause).toBe("no thanks");
    await expect(thread.turn("nor this", { signal })).rejects.toBeInstanceOf(AbortError);
    expect(t.model.requests).toHaveLength(0);
    // no turn was started: the next run is the thread's first
    const result = await thread.run("real");
    expect(result.finalResponse).toBe("never used");
    const { thread: stored } = await thread.read({ includeTurns: true });
    expect(stored.turns.map((turn) => turn.id)).toEqual([result.id]);
  });

  it("aborting after completion changes nothing", async () => {
    await using t = await createTestCodex({ transport, script: [Reply.message("finished")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const controller = new AbortController();
    const result = await thread.run("quick", { signal: controller.signal });
    controller.abort();
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("finished");
  });
});
