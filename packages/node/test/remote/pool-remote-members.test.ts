/**
 * CodexPool with remote members: real app-servers listening on ws://127.0.0.1 with capability tokens
 * (startAppServerListener), all on one CODEX_HOME so threads can move between them.
 */
import {
  type Codex,
  CodexPool,
  InvalidInputError,
  StartupError,
  ThreadBusyError,
  TransportClosedError,
} from "@codexkit/node";
import { isRunning, waitUntil } from "@codexkit/test-support";
import { type AppServerListener, Reply, scaledTimeout, startAppServerListener } from "@codexkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerFor, type SharedHome, sharedHome } from "../support/pool-env.js";

const token = "pool-remote-test-token-0123456789";
let env: SharedHome;
let servers: AppServerListener[] = [];

beforeAll(async () => {
  env = await sharedHome();
  // One after another: listeners starting at once on a fresh home race in codex's skills install.
  for (let i = 0; i < 2; i++) servers.push(await startAppServerListener({ home: env.home, token }));
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await env.dispose();
});

/** Thread ids the server reports loaded on one client. */
async function loadedOn(codex: Codex): Promise<string[]> {
  return (await codex.request("thread/loaded/list", {})).data;
}

const remote = (server: AppServerListener) => ({ url: server.url, token });

describe("CodexPool with remote members", () => {
  it("refuses a preset for a url member before connecting", () => {
    const [a] = servers;
    expect(() => new CodexPool({ members: [{ ...remote(a!), preset: "throughput" }] })).toThrow(
      InvalidInputError,
    );
    expect(() => new CodexPool({ members: [{ ...remote(a!), codexHome: env.home.path }] })).toThrow(
      /url cannot be combined with codexHome/,
    );
  });

  it("places threads on the least busy remote member, keeps them there, resumes there and lists the shared home", async () => {
    await using pool = new CodexPool({ members: servers.map(remote) });
    env.feed(4);
    const [a, b] = await Promise.all([pool.threadStart(), pool.threadStart()]);
    expect(pool.stats().members.map((m) => m.loadedThreads)).toEqual([1, 1]);
    expect(pool.stats().members.every((m) => m.pid === undefined)).toBe(true); // nothing spawned
    await Promise.all([a!.run("one"), b!.run("two")]);
    const loaded = await Promise.all(pool.members.map((m) => loadedOn(m.codex)));
    const aHome = pool.members[loaded.findIndex((ids) => ids.includes(a!.id))]!;
    const bHome = pool.members[loaded.findIndex((ids) => ids.includes(b!.id))]!;
    expect(aHome).not.toBe(bHome);

    // A second turn stays on its member; a resume goes to the member that has the thread loaded.
    expect((await a!.run("again")).finalResponse).toBe(answerFor("again"));
    const resumed = await pool.threadResume(a!.id);
    expect((await resumed.run("resumed")).finalResponse).toBe(answerFor("resumed"));
    expect(await loadedOn(aHome.codex)).toContain(a!.id);
    expect(await loadedOn(bHome.codex)).not.toContain(a!.id);

    const listed = (await pool.threadList()).data.map((t) => t.id);
    expect(listed).toEqual(expect.arrayContaining([a!.id, b!.id]));
  });

  it("a mixed pool (one local, one remote): threads spread over both; kill -9 of the local one moves its thread to the remote one", async () => {
    await using pool = new CodexPool({
      members: [env.codexOptions, remote(servers[0]!)],
      restart: { initialDelayMs: 100 },
    });
    await pool.start();
    expect(env.model.pendingReplies).toBe(0);
    env.feed(2);
    const [a, b] = await Promise.all([pool.threadStart(), pool.threadStart()]);
    await Promise.all([a!.run("a"), b!.run("b")]);
    const [local, far] = pool.members;
    const onLocal = (await loadedOn(local!.codex)).includes(a!.id) ? a! : b!;
    expect(await loadedOn(far!.codex)).toContain(onLocal === a ? b!.id : a!.id);

    const pid = local!.codex.pid!;
    env.model.enqueue(Reply.stall());
    const seen = env.model.requests.length;
    const running = onLocal.run("stalled");
    await env.model.waitForRequests(seen + 1, { timeoutMs: scaledTimeout(20_000) });
    process.kill(pid, "SIGKILL");
    await expect(running).rejects.toBeInstanceOf(TransportClosedError);
    env.feed(1);
    expect((await onLocal.run("moved")).finalResponse).toBe(answerFor("moved"));
    expect(await loadedOn(far!.codex)).toContain(onLocal.id);
    await waitUntil(() => local!.status === "up", "the local member to restart");
    expect(local!.codex.pid).not.toBe(pid);
  });

  it("a remote member that is unreachable at start is skipped: threads go to the member that is up", async () => {
    const down = { url: "ws://127.0.0.1:1", token }; // nothing listens on port 1
    await using pool = new CodexPool({
      members: [down, remote(servers[1]!)],
      restart: { initialDelayMs: 50, maxDelayMs: 100 },
    });
    // An explicit start of every member reports the one that cannot connect…
    await expect(pool.start()).rejects.toBeInstanceOf(StartupError);
    // …while placement skips it.
    env.feed(1);
    const [a, b] = await Promise.all([pool.threadStart(), pool.threadStart()]);
    expect(await loadedOn(pool.members[1]!.codex)).toEqual(expect.arrayContaining([a!.id, b!.id]));
    expect((await a!.run("placed past the dead one")).finalResponse).toBe(
      answerFor("placed past the dead one"),
    );
    expect(pool.members[0]!.activity().loadedThreads).toBe(0);
  });

  it("maxLoadedThreads and idleTimeoutMs on a url member: unloads by unsubscribing, disconnects when idle, reconnects and resumes on next use", async () => {
    await using pool = new CodexPool({
      members: [remote(servers[0]!)],
      maxLoadedThreads: 1,
      idleTimeoutMs: 300,
    });
    const [member] = pool.members;
    env.feed(4);
    const a = await pool.threadStart();
    await a.run("a1");
    const b = await pool.threadStart();
    await b.run("b1");
    await waitUntil(() => member!.activity().loadedThreads === 1, "a unloaded (unsubscribed)");
    await waitUntil(() => !member!.activity().running, "the idle disconnect");
    expect(isRunning(servers[0]!.pid)).toBe(true); // idle only drops the connection; the server runs on
    // Next use reconnects and resumes the thread, with its history.
    expect((await a.run("a2")).finalResponse).toBe(answerFor("a2"));
    expect(member!.activity().running).toBe(true);
    expect((await a.read({ includeTurns: true })).thread.turns.length).toBe(2);
    expect((await b.run("b2")).finalResponse).toBe(answerFor("b2"));
    expect(member!.status).toBe("up");
    expect(member!.restarts).toBe(0); // an idle disconnect is not a failure
  });

  it("kill -9 of a remote member's server: its turn fails at once, its threads resume on the live member, and the pool reconnects to the same URL with backoff", async () => {
    const [dying, alive] = servers as [AppServerListener, AppServerListener];
    await using pool = new CodexPool({
      members: [remote(dying), remote(alive)],
      restart: { initialDelayMs: 50, maxDelayMs: 200 },
    });
    await pool.start();
    expect(env.model.pendingReplies).toBe(0);
    // Two threads on the dying member: a Thread object that moves by itself, and one resumed by id.
    const [first, live] = pool.members as [(typeof pool.members)[0], (typeof pool.members)[0]];
    const moving = await first.codex.threadStart();
    const byId = await first.codex.threadStart();
    env.feed(2);
    await Promise.all([moving.run("m"), byId.run("i")]);
    // A member's Codex is wired to the pool: its Thread objects move like the pool's own.
    const pooled = moving;
    expect(await loadedOn(first.codex)).toEqual(expect.arrayContaining([moving.id, byId.id]));

    env.model.enqueue(Reply.stall());
    const seen = env.model.requests.length;
    const running = pooled.run("stalled");
    await env.model.waitForRequests(seen + 1, { timeoutMs: scaledTimeout(20_000) });
    process.kill(-dying.pid, "SIGKILL");
    const error = await running.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as TransportClosedError).endpoint).toBe(dying.url);
    expect(String((error as Error).message)).not.toContain(token);
    expect(first.status).toBe("restarting");

    env.feed(2);
    expect((await pooled.run("after")).finalResponse).toBe(answerFor("after"));
    const resumed = await pool.threadResume(byId.id);
    expect((await resumed.run("by id")).finalResponse).toBe(answerFor("by id"));
    const onLive = await loadedOn(live.codex);
    expect(onLive).toEqual(expect.arrayContaining([moving.id, byId.id]));
    // Nothing is placed on the dead member while it is down.
    const fresh = await pool.threadStart();
    expect(await loadedOn(live.codex)).toContain(fresh.id);

    // Reconnect attempts to the same URL keep failing (nothing listens) without ever marking it up.
    await waitUntil(() => first.restarts >= 3, "several reconnect attempts");
    expect(first.status).toBe("restarting");
    expect(isRunning(dying.pid)).toBe(false);

    // The server comes back on the same port: the member is up again and takes threads.
    const port = Number(new URL(dying.url).port);
    const back = await startAppServerListener({ home: env.home, token, port });
    servers = [back, alive];
    expect(back.url).toBe(dying.url);
    await waitUntil(() => first.status === "up", "the member to reconnect");
    // byId is open on the live member: codex refuses a second writer, so it stays where it is.
    await expect(first.codex.threadResume(byId.id)).rejects.toBeInstanceOf(ThreadBusyError);
    expect((await pool.threadResume(byId.id)).id).toBe(byId.id);
    expect(await loadedOn(first.codex)).not.toContain(byId.id);
    // New threads go to the reconnected member, now the least busy one.
    const placed = await pool.threadStart();
    expect(await loadedOn(first.codex)).toContain(placed.id);
    env.feed(1);
    expect((await placed.run("placed")).finalResponse).toBe(answerFor("placed"));
  });
});
