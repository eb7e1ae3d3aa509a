import {
  Codex,
  CodexPool,
  InvalidInputError,
  ThreadBusyError,
  ThreadNotStoredError,
  TransportClosedError,
  tool,
} from "@codexkit/node";
import { gate, isRunning, waitUntil } from "@codexkit/test-support";
import { createCodexHome, Reply, scaledTimeout } from "@codexkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerFor, type SharedHome, sharedHome } from "./support/pool-env.js";

let env: SharedHome;
beforeAll(async () => {
  env = await sharedHome();
});
afterAll(async () => {
  await env.dispose();
});

/** Thread ids the server reports loaded on one client. */
async function loadedOn(codex: Codex): Promise<string[]> {
  return (await codex.request("thread/loaded/list", {})).data;
}

describe("CodexPool", () => {
  it("refuses bad options before starting anything", () => {
    expect(() => new CodexPool({})).toThrow(InvalidInputError);
    expect(() => new CodexPool({ size: 0 })).toThrow(/size must be a positive integer/);
    expect(() => new CodexPool({ size: 2, members: [{}] })).toThrow(/exactly one of size and members/);
    expect(() => new CodexPool({ members: [] })).toThrow(/non-empty array/);
    expect(() => new CodexPool({ size: 1, maxLoadedThreads: 0 })).toThrow(
      /maxLoadedThreads must be a positive integer/,
    );
    expect(() => new CodexPool({ members: [{ maxConcurrentTurns: 1.5 }] })).toThrow(InvalidInputError);
  });

  it("spreads threads over the least busy members, keeps them there and resumes on the member that has them", async () => {
    await using pool = new CodexPool({ size: 2, ...env.codexOptions });
    env.feed(4);
    const [a, b] = await Promise.all([pool.threadStart(), pool.threadStart()]);
    expect(pool.stats().members.map((m) => m.loadedThreads)).toEqual([1, 1]);
    expect((await a!.run("one")).finalResponse).toBe(answerFor("one"));
    expect((await b!.run("two")).finalResponse).toBe(answerFor("two"));
    const [first, second] = pool.members;
    const aHome = (await loadedOn(first!.codex)).includes(a!.id) ? first! : second!;

    const resumed = await pool.threadResume(a!.id);
    expect(resumed.id).toBe(a!.id);
    // Resumed where it was loaded: still exactly one member has it.
    expect(await loadedOn(aHome.codex)).toContain(a!.id);
    expect(await loadedOn(aHome === first ? second!.codex : first!.codex)).not.toContain(a!.id);
    expect((await resumed.run("three")).finalResponse).toBe(answerFor("three"));

    const fork = await pool.threadFork(a!.id);
    expect(fork.info?.forkedFromId).toBe(a!.id);
    expect((await fork.run("four")).finalResponse).toBe(answerFor("four"));
    const listed = (await pool.threadList()).data.map((t) => t.id);
    expect(listed).toEqual(expect.arrayContaining([a!.id, b!.id, fork.id]));
  });

  it("another process resuming a pool thread gets ThreadBusyError with a hint to fork", async () => {
    await using pool = new CodexPool({ size: 1, ...env.codexOptions });
    env.feed(2);
    const thread = await pool.threadStart();
    await thread.run("busy");
    await using other = new Codex(env.codexOptions);
    const error = await other.threadResume(thread.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThreadBusyError);
    expect((error as ThreadBusyError).code).toBe("thread_busy");
    expect((error as ThreadBusyError).threadId).toBe(thread.id);
    expect((error as Error).message).toMatch(/fork/);
    const fork = await other.threadFork(thread.id);
    expect((await fork.run("forked")).finalResponse).toBe(answerFor("forked"));
  });

  it("members with separate homes: a resume finds the member that has the thread's rollout", async () => {
    await using other = await createCodexHome({
      baseUrl: env.model.baseUrl,
      features: { shell_snapshot: false },
    });
    const second = { ...env.codexOptions, codexHome: other.path, env: { RUST_LOG: "warn", ...other.env } };
    await using pool = new CodexPool({ members: [env.codexOptions, second] });
    env.feed(3);
    const [a, b] = await Promise.all([pool.threadStart(), pool.threadStart()]);
    await Promise.all([a!.run("on a"), b!.run("on b")]);
    const homes = await Promise.all(pool.members.map(async (m) => (await loadedOn(m.codex)).includes(b!.id)));
    const bHome = pool.members[homes.indexOf(true)]!;
    expect(homes.filter(Boolean)).toHaveLength(1);
    await Promise.all([a!.close(), b!.close()]);
    await waitUntil(() => pool.stats().loadedThreads === 0, "both unloaded");
    const resumed = await pool.threadResume(b!.id);
    expect(await loadedOn(bHome.codex)).toContain(b!.id);
    expect((await resumed.run("b again")).finalResponse).toBe(answerFor("b again"));
    const error = await pool.threadResume("00000000-0000-7000-8000-000000000000").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThreadNotStoredError);
    expect((error as ThreadNotStoredError).rpcMessage).toMatch(/no rollout found/);
  });

  it("maxConcurrentTurns queues turns beyond the limit per member", async () => {
    await using pool = new CodexPool({ size: 1, ...env.codexOptions, maxConcurrentTurns: 1 });
    // the model answers only once the test has seen one turn running and the other queued
    const seenQueued = gate();
    env.feed(2, seenQueued.opened);
    const [a, b] = await Promise.all([pool.threadStart(), pool.threadStart()]);
    const runs = [a!.run("first"), b!.run("second")];
    await waitUntil(
      () => pool.stats().runningTurns === 1 && pool.stats().queuedTurns === 1,
      "one queued turn",
    );
    seenQueued.open();
    const results = await Promise.all(runs);
    expect(results.map((r) => r.finalResponse)).toEqual([answerFor("first"), answerFor("second")]);
    expect(pool.stats()).toMatchObject({ runningTurns: 0, queuedTurns: 0 });
  });

  it("kill -9 of a member fails its running turn; the thread continues on another member; the member restarts", async () => {
    await using pool = new CodexPool({ size: 2, ...env.codexOptions, restart: { initialDelayMs: 100 } });
    await pool.start();
    expect(env.model.pendingReplies).toBe(0); // the stall below must go to the "stalled" turn
    env.feed(1);
    const thread = await pool.threadStart();
    await thread.run("before");
    const home = pool.members.find((m) => m.activity().loadedThreads === 1)!;
    const pid = home.codex.pid!;
    env.model.enqueue(Reply.stall());
    const seen = env.model.requests.length;
    const running = thread.run("stalled");
    await env.model.waitForRequests(seen + 1, { timeoutMs: scaledTimeout(20_000) }); // the stall is being served: the turn is running
    expect(home.activity().runningTurns).toBe(1);
    process.kill(pid, "SIGKILL");
    await expect(running).rejects.toBeInstanceOf(TransportClosedError);
    expect(home.status).not.toBe("up");

    env.feed(2);
    // The same Thread object moves to the live member for its next turn.
    expect((await thread.run("after")).finalResponse).toBe(answerFor("after"));
    const other = pool.members.find((m) => m !== home)!;
    expect(await loadedOn(other.codex)).toContain(thread.id);
    const resumed = await pool.threadResume(thread.id);
    expect((await resumed.run("again")).finalResponse).toBe(answerFor("again"));

    await waitUntil(() => home.status === "up", "the member to restart");
    expect(home.restarts).toBe(1);
    expect(home.codex.pid).not.toBe(pid);
    expect(isRunning(pid)).toBe(false);
  });

  it("a thread's tools move with it to the live member when its member dies", async () => {
    await using pool = new CodexPool({ size: 2, ...env.codexOptions });
    await pool.start();
    expect(env.model.pendingReplies).toBe(0);
    const calls: string[] = [];
    const ping = tool({
      name: "ping",
      description: "records a call",
      execute: async () => {
        calls.push("ping");
        return "pong";
      },
    });
    const thread = await pool.threadStart({ tools: [ping] });
    env.feed(1);
    await thread.run("first");
    const home = pool.members.find((m) => m.activity().loadedThreads === 1)!;
    process.kill(home.codex.pid!, "SIGKILL");
    await waitUntil(() => home.status !== "up", "the exit to be noticed");
    env.model.enqueue(Reply.toolCall("ping", {}, { callId: "call_p" }), Reply.message("pinged"));
    expect((await thread.run("ping it")).finalResponse).toBe("pinged");
    expect(calls).toEqual(["ping"]);
  });

  it("a turn queued behind maxConcurrentTurns on a member that dies runs on a live member instead", async () => {
    await using pool = new CodexPool({ size: 2, ...env.codexOptions, maxConcurrentTurns: 1 });
    await pool.start();
    expect(env.model.pendingReplies).toBe(0);
    const threads = [await pool.threadStart(), await pool.threadStart(), await pool.threadStart()];
    env.feed(3); // a first turn each: a thread without one has no rollout, so no other member could resume it
    await Promise.all(threads.map((t, i) => t.run(`first ${i}`)));
    const loaded = await Promise.all(pool.members.map((m) => loadedOn(m.codex)));
    const crowded = pool.members[loaded.findIndex((ids) => ids.length === 2)]!;
    const [first, queued] = threads.filter((t) => loaded[crowded.index]!.includes(t.id));
    env.model.enqueue(Reply.stall());
    env.feed(1);
    const seen = env.model.requests.length;
    const stalled = first!.run("stalled");
    await env.model.waitForRequests(seen + 1, { timeoutMs: scaledTimeout(20_000) });
    const waiting = queued!.run("queued");
    await waitUntil(() => crowded.activity().queuedTurns === 1, "the queued turn");
    process.kill(crowded.codex.pid!, "SIGKILL");
    await expect(stalled).rejects.toBeInstanceOf(TransportClosedError);
    expect((await waiting).finalResponse).toBe(answerFor("queued"));
    const live = pool.members.find((m) => m !== crowded)!;
    expect(await loadedOn(live.codex)).toContain(queued!.id);
  });
});
