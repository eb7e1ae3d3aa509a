import { Codex, InvalidInputError, InvalidRequestError } from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

describe.concurrent("thread operations", () => {
  it("list, read and setName round-trip", async () => {
    await using t = await createTestCodex({ script: [Reply.message("hello back")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    expect(thread.info).toMatchObject({ id: thread.id, ephemeral: false, cwd: t.workspace });
    await thread.run("hello thread");

    const listed = await t.codex.threadList();
    expect(listed.data.map((item) => item.id)).toEqual([thread.id]);
    expect(listed.data[0]?.preview).toBe("hello thread");

    expect(await thread.setName("My thread")).toEqual({});
    const { thread: read } = await thread.read();
    expect(read).toMatchObject({ id: thread.id, name: "My thread", turns: [] });
    const { thread: full } = await thread.read({ includeTurns: true });
    expect(full.turns).toHaveLength(1);
    expect(full.turns[0]?.items.map((item) => item.type)).toEqual(["userMessage", "agentMessage"]);
    expect((await t.codex.threadList()).data[0]?.name).toBe("My thread");
  });

  it("an ephemeral thread runs turns but is not listed", async () => {
    await using t = await createTestCodex({
      script: [Reply.message("persisted"), Reply.message("ephemeral")],
    });
    const kept = await t.codex.threadStart({ cwd: t.workspace });
    const ephemeral = await t.codex.threadStart({ cwd: t.workspace, ephemeral: true });
    expect(ephemeral.info).toMatchObject({ ephemeral: true, path: null });
    await kept.run("one");
    expect((await ephemeral.run("two")).finalResponse).toBe("ephemeral");
    const ids = (await t.codex.threadList()).data.map((item) => item.id);
    expect(ids).toContain(kept.id);
    expect(ids).not.toContain(ephemeral.id);
  });

  it("fork copies the history into a new thread that continues on its own", async () => {
    await using t = await createTestCodex({
      script: [Reply.message("source answer"), Reply.message("fork answer"), Reply.message("source again")],
    });
    const source = await t.codex.threadStart({ cwd: t.workspace });
    await source.run("source question");
    const fork = await t.codex.threadFork(source.id);
    expect(fork.id).not.toBe(source.id);
    expect(fork.info?.forkedFromId).toBe(source.id);
    expect(fork.info?.turns).toHaveLength(1);

    await fork.run("fork question");
    expect(t.model.inputTexts(1, "user")).toEqual(
      expect.arrayContaining(["source question", "fork question"]),
    );
    expect(t.model.inputTexts(1, "assistant")).toContain("source answer");
    // the source does not see the fork's turn
    await source.run("source follow-up");
    expect(t.model.inputTexts(2, "user")).not.toContain("fork question");
    expect((await fork.read({ includeTurns: true })).thread.turns).toHaveLength(2);
    expect((await source.read({ includeTurns: true })).thread.turns).toHaveLength(2);
  });

  it("archive hides a thread from the list and unarchive brings it back", async () => {
    await using t = await createTestCodex({ script: [Reply.message("a")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await thread.run("keep me");

    expect(await t.codex.threadArchive(thread.id)).toEqual({});
    expect((await t.codex.threadList()).data.map((item) => item.id)).not.toContain(thread.id);
    expect((await t.codex.threadList({ archived: true })).data.map((item) => item.id)).toEqual([thread.id]);

    const restored = await t.codex.threadUnarchive(thread.id);
    expect(restored.id).toBe(thread.id);
    expect(restored.info?.id).toBe(thread.id);
    expect((await t.codex.threadList()).data.map((item) => item.id)).toEqual([thread.id]);
    expect((await t.codex.threadList({ archived: true })).data).toEqual([]);
  });

  it("compact runs a compaction turn; the next turn waits for it and gets the summary", async () => {
    await using t = await createTestCodex({
      script: [
        Reply.message("first answer"),
        Reply.message("SUMMARY: the user asked a first question", { delayMs: 100 }),
        Reply.message("after compaction"),
      ],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await thread.run("first question");
    expect(await thread.compact()).toEqual({});
    // queued behind the compaction turn, not joined to it
    const next = await thread.run("second question");

    expect(next.status).toBe("completed");
    expect(next.finalResponse).toBe("after compaction");
    expect(t.model.requests).toHaveLength(3);
    expect(t.model.inputTexts(1, "user").at(-1)).toMatch(/CONTEXT CHECKPOINT COMPACTION/);
    expect(t.model.inputTexts(2).join("\n")).toContain("SUMMARY: the user asked a first question");
    const { thread: stored } = await thread.read({ includeTurns: true });
    expect(stored.turns).toHaveLength(3);
    expect(stored.turns[1]?.items.map((item) => item.type)).toEqual(["contextCompaction"]);
  });

  it("resume in a new client on the same CODEX_HOME continues the conversation", async () => {
    await using t = await createTestCodex({
      script: [Reply.message("remembered"), Reply.message("still here")],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const first = await thread.run("remember the number 42");
    await t.codex.close();

    await using second = new Codex({
      codexHome: t.home.path,
      cwd: t.workspace,
      env: { ...t.home.env, RUST_LOG: "warn" },
    });
    const stragglers: string[] = [];
    second.onNotification((n) => {
      if (n.method === "thread/tokenUsage/updated" && n.params.turnId === first.id) stragglers.push(n.method);
    });
    const listed = await second.threadList();
    expect(listed.data.map((item) => item.id)).toEqual([thread.id]);
    const resumed = await second.threadResume(thread.id);
    expect(resumed.id).toBe(thread.id);
    expect(resumed.info?.turns).toHaveLength(1);
    const result = await resumed.run("what was the number?");

    expect(result.finalResponse).toBe("still here");
    expect(t.model.inputTexts(1, "user")).toEqual(
      expect.arrayContaining(["remember the number 42", "what was the number?"]),
    );
    expect(t.model.inputTexts(1, "assistant")).toContain("remembered");
    // codex re-sends the old turn's token usage on resume; no turn can claim it, so nothing is kept
    expect(stragglers).toEqual(["thread/tokenUsage/updated"]);
    expect(second.stats()).toMatchObject({ open: 0, buffered: 0, completedUnopened: 0 });
  });

  it("rejects bad thread ids: empty before sending, unknown from the server", async () => {
    await using t = await createTestCodex();
    await expect(t.codex.threadResume("")).rejects.toBeInstanceOf(InvalidInputError);
    await expect(t.codex.threadFork("  ")).rejects.toBeInstanceOf(InvalidInputError);
    await expect(t.codex.threadArchive("")).rejects.toBeInstanceOf(InvalidInputError);
    const unknown = "00000000-0000-7000-8000-000000000000";
    const error = await t.codex.threadResume(unknown).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).rpcMessage).toMatch(/no rollout found/);
  });

  it("models() lists the bundled catalogue offline", async () => {
    await using t = await createTestCodex();
    const { data } = await t.codex.models();
    expect(data.length).toBeGreaterThan(0);
    expect(data.map((model) => model.id)).toContain("gpt-5.5");
    expect(data.filter((model) => model.isDefault)).toHaveLength(1);
    for (const model of data) expect(model.hidden).toBe(false);
    const all = await t.codex.models({ includeHidden: true });
    expect(all.data.length).toBeGreaterThanOrEqual(data.length);
  });

  it("request() reaches methods that have no wrapper", async () => {
    await using t = await createTestCodex({ script: [Reply.message("x")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await thread.run("hi");
    const loaded = await t.codex.request("thread/loaded/list", {});
    expect(loaded.data).toContain(thread.id);
    const turns = await t.codex.request("thread/turns/list", { threadId: thread.id });
    expect(turns.data).toHaveLength(1);
  });
});
