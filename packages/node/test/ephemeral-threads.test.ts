import { Codex, InvalidRequestError, ThreadNotStoredError } from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

/** What codex 0.171 answers to `thread/resume` / `thread/fork` of a thread it has no rollout of. */
const SERVER_REFUSAL = /^no rollout found for thread id /;

describe("ephemeral threads (one app-server, then a restart on the same CODEX_HOME)", () => {
  it("run turns, are not listed, and are refused resume and fork before and after a restart", async () => {
    await using t = await createTestCodex({
      script: [Reply.message("kept 1"), Reply.message("eph 1"), Reply.message("eph 2")],
    });
    const kept = await t.codex.threadStart({ cwd: t.workspace });
    const ephemeral = await t.codex.threadStart({ cwd: t.workspace, ephemeral: true });
    expect(ephemeral.info).toMatchObject({ id: ephemeral.id, ephemeral: true, path: null });
    expect(kept.info).toMatchObject({ ephemeral: false });

    expect((await kept.run("one")).finalResponse).toBe("kept 1");
    expect((await ephemeral.run("two")).finalResponse).toBe("eph 1");
    const second = await ephemeral.run("three");
    expect(second.finalResponse).toBe("eph 2");
    // the second turn saw the first: the history lives in memory
    expect(t.model.inputTexts(2, "user")).toEqual(expect.arrayContaining(["two", "three"]));
    // No stored turns to read back either (codex 0.171 refuses includeTurns for ephemeral threads).
    expect((await ephemeral.read()).thread).toMatchObject({ id: ephemeral.id, ephemeral: true });
    await expect(ephemeral.read({ includeTurns: true })).rejects.toThrow(/ephemeral threads do not support/);
    await expect(t.codex.request("thread/turns/list", { threadId: ephemeral.id })).rejects.toThrow(
      /ephemeral threads do not support thread\/turns\/list/,
    );

    const listed = (await t.codex.threadList()).data.map((item) => item.id);
    expect(listed).toEqual([kept.id]);

    // Refused even while loaded in this very process: codex resumes and forks from the rollout only.
    const resume = await t.codex.threadResume(ephemeral.id).catch((error: unknown) => error);
    expect(resume).toBeInstanceOf(ThreadNotStoredError);
    expect(resume).toBeInstanceOf(InvalidRequestError);
    expect(resume).toMatchObject({
      code: "thread_not_stored",
      threadId: ephemeral.id,
      rpcCode: -32600,
      method: "thread/resume",
    });
    expect((resume as ThreadNotStoredError).rpcMessage).toMatch(SERVER_REFUSAL);
    expect((resume as Error).message).toContain("ephemeral");
    const fork = await t.codex.threadFork(ephemeral.id).catch((error: unknown) => error);
    expect(fork).toBeInstanceOf(ThreadNotStoredError);
    expect(fork).toMatchObject({ code: "thread_not_stored", method: "thread/fork" });
    // … and the thread itself goes on working.
    t.model.enqueue(Reply.message("eph 3"));
    expect((await ephemeral.run("four")).finalResponse).toBe("eph 3");

    // Restart: a new app-server on the same CODEX_HOME knows the persisted thread only.
    await t.codex.close();
    await using again = new Codex({
      codexHome: t.home.path,
      cwd: t.workspace,
      env: { RUST_LOG: "warn", ...t.home.env },
    });
    const afterRestart = await again.threadResume(ephemeral.id).catch((error: unknown) => error);
    expect(afterRestart).toBeInstanceOf(ThreadNotStoredError);
    expect(afterRestart).toMatchObject({ code: "thread_not_stored", threadId: ephemeral.id });
    const resumed = await again.threadResume(kept.id);
    expect(resumed.id).toBe(kept.id);
    expect((await again.threadList()).data.map((item) => item.id)).toEqual([kept.id]);
    t.model.enqueue(Reply.message("kept 2"));
    expect((await resumed.run("five")).finalResponse).toBe("kept 2");
  });

  it("other resume failures keep their own error", async () => {
    await using t = await createTestCodex();
    const error = await t.codex.threadResume("not-a-uuid").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).not.toBeInstanceOf(ThreadNotStoredError);
  });
});
