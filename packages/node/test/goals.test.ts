import {
  AbortError,
  InvalidInputError,
  InvalidRequestError,
  type Notification,
  TransportClosedError,
  TurnAbortedError,
  TurnFailedError,
} from "@codexkit/node";
import { createTestCodex, Item, Reply, scaledTimeout } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { collect, turnIdOf } from "./support/helpers.js";

/**
 * Goals work offline with the pinned app-server when `[features] goals = true`: setting a goal makes the
 * server start goal turns by itself, and the scripted model ends the goal by calling the `update_goal` tool.
 */
const GOALS = { features: { goals: true } };
const complete = () => Item.functionCall("update_goal", { status: "complete" });

async function goalStatus(
  codex: { request: (m: "thread/goal/get", p: { threadId: string }) => Promise<unknown> },
  threadId: string,
) {
  const response = (await codex.request("thread/goal/get", { threadId })) as {
    goal: { status: string } | null;
  };
  return response.goal?.status;
}

describe.concurrent("goals", () => {
  it("runGoal: the server runs a goal turn; update_goal(complete) ends it", async () => {
    await using t = await createTestCodex({
      script: [Reply.items([complete()]), Reply.message("goal reached")],
      home: GOALS,
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const result = await thread.runGoal("  write the word hello  ");

    expect(result.status).toBe("completed");
    expect(result.threadId).toBe(thread.id);
    expect(result.finalResponse).toBe("goal reached");
    expect(t.model.toolNames(0)).toEqual(expect.arrayContaining(["get_goal", "create_goal", "update_goal"]));
    // the objective (trimmed) reaches the model
    expect(t.model.request(0).rawBody).toContain("write the word hello");
    expect(t.model.request(0).rawBody).not.toContain("  write the word hello  ");
    expect(t.model.functionCallOutputs(1).at(-1)?.output).toContain('"status":"complete"');
    expect(await goalStatus(t.codex, thread.id)).toBe("complete");

    // the thread is free again afterwards
    t.model.enqueue(Reply.message("normal turn"));
    expect((await thread.run("and now something else")).finalResponse).toBe("normal turn");
  });

  it("several goal turns are presented as one logical turn", async () => {
    await using t = await createTestCodex({
      script: [
        Reply.message("made some progress"),
        Reply.items([Item.message("finishing", { stream: ["finish", "ing"] }), complete()]),
        Reply.message("all done"),
      ],
      home: GOALS,
    });
    const physicalTurns: string[] = [];
    t.codex.onNotification((n) => {
      if (n.method === "turn/started") physicalTurns.push(n.params.turn.id);
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.startGoal("finish the job");
    const events: Notification[] = await collect(handle.stream());
    const result = await handle.run();

    expect(physicalTurns.length).toBeGreaterThanOrEqual(2);
    expect(handle.id).toBe(physicalTurns[0]);
    expect(events.filter((e) => e.method === "turn/started")).toHaveLength(1);
    expect(events.filter((e) => e.method === "turn/completed")).toHaveLength(1);
    expect(events.at(-1)?.method).toBe("turn/completed");
    for (const event of events) {
      const turnId = turnIdOf(event);
      if (turnId !== undefined) expect(turnId).toBe(handle.id);
    }
    expect(result.id).toBe(handle.id);
    expect(result.status).toBe("completed");
    const messages = result.items.flatMap((item) => (item.type === "agentMessage" ? [item.text] : []));
    expect(messages).toEqual(["made some progress", "finishing", "all done"]);
    expect(result.finalResponse).toBe("all done");
    expect(await goalStatus(t.codex, thread.id)).toBe("complete");
    // the physical turns' bookkeeping is gone too
    expect(t.codex.stats()).toMatchObject({ open: 0, buffered: 0, activeTurns: 0, busyThreads: 0 });
  });

  it("interrupt() pauses the goal and ends the logical turn as interrupted", async () => {
    await using t = await createTestCodex({ script: [Reply.stall()], home: GOALS });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.startGoal("never finishes");
    await t.model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });
    await handle.interrupt();
    const result = await handle.run();
    expect(result.status).toBe("interrupted");
    expect(await goalStatus(t.codex, thread.id)).toBe("paused");
    await expect(handle.interrupt()).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it("aborting its signal pauses the goal, interrupts its turn and rejects with TurnAbortedError", async () => {
    await using t = await createTestCodex({ script: [Reply.stall()], home: GOALS });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const controller = new AbortController();
    const handle = await thread.startGoal("never finishes", { signal: controller.signal });
    await t.model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });
    controller.abort(new Error("user pressed stop"));
    const error = await handle.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnAbortedError);
    expect((error as TurnAbortedError).result.status).toBe("interrupted");
    expect((error as TurnAbortedError).cause).toEqual(new Error("user pressed stop"));
    expect(await goalStatus(t.codex, thread.id)).toBe("paused");
    // the thread is free again, and an already-aborted signal starts nothing
    await expect(thread.runGoal("again", { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    t.model.enqueue(Reply.message("after the goal"));
    expect((await thread.run("next")).finalResponse).toBe("after the goal");
    expect(t.model.requests).toHaveLength(2);
  });

  it("a failed goal turn rejects run() with TurnFailedError", async () => {
    await using t = await createTestCodex({ script: [Reply.httpError(500)], home: GOALS });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const error = await thread.runGoal("fails").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnFailedError);
    expect((error as TurnFailedError).turnError?.codexErrorInfo).toBe("internalServerError");
  });

  it("closing the client settles a running goal with the close error", async () => {
    await using t = await createTestCodex({ script: [Reply.stall()], home: GOALS });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const outcome = thread.runGoal("never finishes").catch((e: unknown) => e);
    await t.model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });
    await t.codex.close();
    expect(await outcome).toBeInstanceOf(TransportClosedError);
    expect(t.codex.stats()).toMatchObject({ open: 0, buffered: 0, busyThreads: 0 });
  });

  it("the app-server dying mid-goal rejects the goal's stream() with the exit error", async () => {
    await using t = await createTestCodex({ script: [Reply.stall()], home: GOALS });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.startGoal("never finishes");
    await t.model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });
    const streamed = collect(handle.stream());
    process.kill(t.codex.pid!, "SIGKILL");
    const error = await streamed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toMatch(/SIGKILL/);
    await expect(handle.run()).rejects.toBeInstanceOf(TransportClosedError);
  });

  it("steer() adds input to the goal's running turn", async () => {
    await using t = await createTestCodex({
      script: [
        Reply.message("on it", { stall: true }),
        Reply.items([complete()]),
        Reply.message("steered and done"),
      ],
      home: GOALS,
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.startGoal("do it");
    await t.model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });
    const steered = await handle.steer("use tabs, not spaces");
    expect(steered.turnId).toBe(handle.id);
    const result = await handle.run();
    expect(result.status).toBe("completed");
    expect(t.model.inputTexts(1, "user")).toContain("use tabs, not spaces");
  });

  it("refuses bad objectives and ephemeral threads before starting anything", async () => {
    await using t = await createTestCodex({ home: GOALS });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await expect(thread.startGoal("   ")).rejects.toBeInstanceOf(InvalidInputError);
    // @ts-expect-error: not a string
    await expect(thread.startGoal(42)).rejects.toThrow(/objective must be a string/);
    const ephemeral = await t.codex.threadStart({ cwd: t.workspace, ephemeral: true });
    await expect(ephemeral.startGoal("anything")).rejects.toThrow(/must be idle and persisted/);
    expect(t.model.requests).toHaveLength(0);
  });

  it("without the goals feature, startGoal fails with the server's error and the thread stays usable", async () => {
    await using t = await createTestCodex({
      script: [Reply.message("plain turn")],
      home: { features: { goals: false } },
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const error = await thread.startGoal("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).rpcMessage).toBe("goals feature is disabled");
    expect((await thread.run("hi")).finalResponse).toBe("plain turn");
  });
});
