import { type Codex, CodexPool } from "@codexkit/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerFor, type SharedHome, sharedHome } from "../support/pool-env.js";

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

describe("soak: a CodexPool with more threads than it may keep loaded", () => {
  it("60 threads with maxLoadedThreads 10 stay bounded and can all be resumed and continued", async () => {
    await using pool = new CodexPool({ size: 2, ...env.codexOptions, maxLoadedThreads: 10 });
    env.feed(120);
    const ids: string[] = [];
    const worker = async (n: number) => {
      for (let i = n; i < 60; i += 4) {
        const thread = await pool.threadStart();
        expect((await thread.run(`t${i}`)).finalResponse).toBe(answerFor(`t${i}`));
        ids.push(thread.id);
      }
    };
    await Promise.all([0, 1, 2, 3].map(worker));
    for (const member of pool.members) {
      expect(member.activity().loadedThreads).toBeLessThanOrEqual(10);
      expect((await loadedOn(member.codex)).length).toBeLessThanOrEqual(14);
    }
    for (const [i, id] of ids.entries()) {
      const thread = await pool.threadResume(id);
      expect((await thread.run(`again${i}`)).finalResponse).toBe(answerFor(`again${i}`));
    }
    expect(ids).toHaveLength(60);
    for (const member of pool.members) expect(member.activity().loadedThreads).toBeLessThanOrEqual(10);
  });
});
