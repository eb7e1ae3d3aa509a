import { Codex, InvalidInputError } from "@codexkit/node";
import { isRunning, waitFor, waitUntil } from "@codexkit/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerFor, type SharedHome, sharedHome } from "./support/pool-env.js";

let env: SharedHome;
beforeAll(async () => {
  env = await sharedHome();
});
afterAll(async () => {
  await env.dispose();
});

async function loadedOn(codex: Codex): Promise<string[]> {
  return (await codex.request("thread/loaded/list", {})).data;
}

describe.concurrent("thread lifecycle (Codex)", () => {
  it("refuses bad limits", () => {
    expect(() => new Codex({ maxLoadedThreads: -1 })).toThrow(InvalidInputError);
    expect(() => new Codex({ idleTimeoutMs: "1" as unknown as number })).toThrow(/idleTimeoutMs/);
  });

  it("thread.close() unloads the thread on the server; the next turn resumes it with its history", async () => {
    await using codex = new Codex({ ...env.codexOptions, config: { thread_unload_delay_secs: 0 } });
    env.feed(2);
    const thread = await codex.threadStart();
    await thread.run("remember me");
    expect(await loadedOn(codex)).toContain(thread.id);
    await thread.close();
    await waitUntil(() => codex.activity().loadedThreads === 0, "the thread to be forgotten");
    await waitUntil(async () => !(await loadedOn(codex)).includes(thread.id), "the server to unload it");
    expect(await loadedOn(codex)).not.toContain(thread.id);
    expect((await thread.run("still there?")).finalResponse).toBe(answerFor("still there?"));
    expect(await loadedOn(codex)).toContain(thread.id);
    expect((await thread.read({ includeTurns: true })).thread.turns).toHaveLength(2);
  });

  it("maxLoadedThreads unloads the least recently used idle threads; they resume on their next turn", async () => {
    await using codex = new Codex({ ...env.codexOptions, maxLoadedThreads: 2 });
    env.feed(5);
    const threads = [];
    for (const name of ["a", "b", "c"]) {
      const thread = await codex.threadStart();
      await thread.run(name);
      threads.push(thread);
    }
    await waitUntil(() => codex.activity().loadedThreads === 2, "two loaded threads");
    // "a" was used least recently: it is the one unloaded.
    const [a, b, c] = threads;
    const loaded = await waitFor(async () => {
      const ids = await loadedOn(codex);
      return ids.includes(a!.id) ? undefined : ids;
    }, "the server to unload a");
    expect(loaded).not.toContain(a!.id);
    expect(loaded).toEqual(expect.arrayContaining([b!.id, c!.id]));
    expect((await a!.run("a2")).finalResponse).toBe(answerFor("a2"));
    await waitUntil(() => codex.activity().loadedThreads === 2, "two loaded threads again");
    expect((await b!.run("b2")).finalResponse).toBe(answerFor("b2"));
    expect(codex.activity()).toMatchObject({ runningTurns: 0, queuedTurns: 0, loadedThreads: 2 });
  });

  it("idleTimeoutMs stops an idle app-server; the next turn starts it again and resumes the thread", async () => {
    await using codex = new Codex({ ...env.codexOptions, idleTimeoutMs: 300 });
    env.feed(2);
    const thread = await codex.threadStart();
    await thread.run("before idle");
    const pid = codex.pid!;
    await waitUntil(() => codex.pid === undefined && !isRunning(pid), "the idle stop");
    expect(codex.isClosed).toBe(false);
    expect(codex.activity().running).toBe(false);
    expect((await thread.run("after idle")).finalResponse).toBe(answerFor("after idle"));
    expect(codex.pid).not.toBe(pid);
    expect((await thread.read({ includeTurns: true })).thread.turns).toHaveLength(2);
  });
});
