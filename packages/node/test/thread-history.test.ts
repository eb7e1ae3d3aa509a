import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  AbortError,
  ApprovalMode,
  Codex,
  InvalidInputError,
  InvalidRequestError,
  Sandbox,
  ThreadNotStoredError,
} from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

describe("thread history control", () => {
  it("revert drops a turn and every later one from what the model sees, but leaves the files they wrote", async () => {
    await using t = await createTestCodex({
      script: [
        Reply.message("one"),
        Reply.execCommand("echo kept > written-by-turn-2.txt"),
        Reply.message("two"),
        Reply.message("three"),
        Reply.message("four"),
      ],
    });
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      approvalMode: ApprovalMode.denyAll,
      sandbox: Sandbox.workspaceWrite,
    });
    const first = await thread.run("first question");
    const second = await thread.run("second question");
    await thread.run("third question");
    expect(readFileSync(join(t.workspace, "written-by-turn-2.txt"), "utf8")).toBe("kept\n");

    const reverted = await thread.revert(second.id);
    expect(reverted.thread.id).toBe(thread.id);
    expect((await thread.turns().toArray()).map((turn) => turn.id)).toEqual([first.id]);

    await thread.run("fourth question");
    const seen = t.model.inputTexts(t.model.requests.length - 1, "user");
    expect(seen).toContain("first question");
    expect(seen).not.toContain("second question");
    expect(seen).not.toContain("third question");
    expect(seen).toContain("fourth question");
    // revert changes the history, not the workspace
    expect(readFileSync(join(t.workspace, "written-by-turn-2.txt"), "utf8")).toBe("kept\n");
  });

  it("revert waits for the running turn, and refuses an unknown turn or an empty id", async () => {
    await using t = await createTestCodex({
      script: [Reply.message("one"), Reply.message("slow two", { delayMs: 300 })],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const first = await thread.run("one");
    const order: string[] = [];
    const running = thread.run("two").then((result) => {
      order.push("turn completed");
      return result;
    });
    await t.model.waitForRequests(2);
    const reverted = thread.revert(first.id).then(() => order.push("reverted"));
    await Promise.all([running, reverted]);
    expect(order).toEqual(["turn completed", "reverted"]);
    expect(await thread.turns().toArray()).toEqual([]);

    await expect(thread.revert("01a24c29-0000-7000-8000-000000000000")).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    await expect(thread.revert("")).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("turns and items page through the stored history in either direction", async () => {
    await using t = await createTestCodex({
      script: [Reply.message("a1"), Reply.message("a2"), Reply.message("a3")],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const ids: string[] = [];
    for (const q of ["q1", "q2", "q3"]) ids.push((await thread.run(q)).id);

    const pages = [];
    for await (const page of thread.turns({ pageSize: 1 }).pages())
      pages.push(page.data.map((turn) => turn.id));
    expect(pages).toEqual([[ids[2]], [ids[1]], [ids[0]]]);
    expect(
      (await thread.turns({ sortDirection: "asc", pageSize: 2 }).toArray()).map((turn) => turn.id),
    ).toEqual(ids);
    expect(await thread.turns({ pageSize: 1 }).toArray({ limit: 2 })).toHaveLength(2);
    const [full] = await thread.turns({ itemsView: "full" }).toArray({ limit: 1 });
    expect(full?.items.map((item) => item.type)).toEqual(["userMessage", "agentMessage"]);

    const texts: string[] = [];
    for await (const { item } of thread.items({ pageSize: 2 })) {
      if (item.type === "userMessage")
        texts.push(item.content.map((c) => (c.type === "text" ? c.text : "")).join(""));
      if (item.type === "agentMessage") texts.push(item.text);
    }
    expect(texts).toEqual(["q1", "a1", "q2", "a2", "q3", "a3"]);
    const newest = await thread.items({ sortDirection: "desc" }).toArray({ limit: 1 });
    expect(newest[0]).toMatchObject({ turnId: ids[2], item: { type: "agentMessage", text: "a3" } });
    const ofSecond = await thread.items({ turnId: ids[1] as string }).toArray();
    expect(ofSecond.map((entry) => entry.turnId)).toEqual([ids[1], ids[1]]);

    const hits = await thread.searchOccurrences("Q2").toArray();
    expect(hits).toMatchObject([{ turnId: ids[1], snippet: "q2" }]);
  });

  it("paging refuses an ephemeral thread, bad options, and stops on abort", async () => {
    await using t = await createTestCodex({ script: [Reply.message("e")] });
    const ephemeral = await t.codex.threadStart({ cwd: t.workspace, ephemeral: true });
    await ephemeral.run("hi");
    await expect(ephemeral.turns().toArray()).rejects.toThrow(/ephemeral threads do not support/);
    expect(() => ephemeral.turns({ pageSize: 0 })).toThrow(InvalidInputError);
    expect(() => ephemeral.items({ sortDirection: "up" as "asc" })).toThrow(InvalidInputError);
    expect(() => ephemeral.searchOccurrences("")).toThrow(InvalidInputError);
    const controller = new AbortController();
    controller.abort();
    await expect(ephemeral.items({ signal: controller.signal }).toArray()).rejects.toBeInstanceOf(AbortError);
  });

  it("delete removes a stored thread: not listed, not resumable", async () => {
    await using t = await createTestCodex({ script: [Reply.message("bye")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await thread.run("delete me");
    expect((await t.codex.threadList()).data.map((item) => item.id)).toEqual([thread.id]);
    await thread.delete();
    expect((await t.codex.threadList()).data).toEqual([]);
    await expect(t.codex.threadResume(thread.id)).rejects.toBeInstanceOf(ThreadNotStoredError);
  });

  it("updateSettings changes the model and effort of later turns", async () => {
    await using t = await createTestCodex({ script: [Reply.message("before"), Reply.message("after")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await thread.run("before");
    expect(t.model.request(0).body?.model).toBe("mock-model");
    const updated = new Promise<unknown>((resolve) => {
      t.codex.onNotification((n) => {
        if (n.method === "thread/settings/updated" && n.params.threadId === thread.id)
          resolve(n.params.threadSettings);
      });
    });
    await thread.updateSettings({ model: "gpt-5.5", effort: "high", approvalMode: ApprovalMode.denyAll });
    expect(await updated).toMatchObject({ model: "gpt-5.5", effort: "high", approvalPolicy: "never" });
    await thread.run("after");
    expect(t.model.request(1).body).toMatchObject({ model: "gpt-5.5", reasoning: { effort: "high" } });
  });

  it("injectItems adds to what the model sees next; updateMetadata stores git facts", async () => {
    await using t = await createTestCodex({ script: [Reply.message("one"), Reply.message("two")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await thread.run("first");
    await thread.injectItems([
      { type: "message", role: "user", content: [{ type: "input_text", text: "injected: the CI is red" }] },
    ]);
    await thread.run("second");
    expect(t.model.inputTexts(1, "user")).toEqual(
      expect.arrayContaining(["first", "injected: the CI is red", "second"]),
    );

    const stored = await thread.updateMetadata({
      gitInfo: { branch: "feature/x", originUrl: "https://example.com/r.git" },
    });
    expect(stored.gitInfo).toMatchObject({ branch: "feature/x", originUrl: "https://example.com/r.git" });
    expect((await thread.read()).thread.gitInfo).toMatchObject({ branch: "feature/x" });
  });

  it("codex.threadSearch finds stored threads by their messages", async () => {
    await using t = await createTestCodex({ script: [Reply.message("ok"), Reply.message("ok")] });
    const banana = await t.codex.threadStart({ cwd: t.workspace });
    await banana.run("a question about bananas");
    const cherry = await t.codex.threadStart({ cwd: t.workspace });
    await cherry.run("a question about cherries");

    const partials: unknown[] = [];
    const found = await t.codex.threadSearch("bananas", { onPartial: (rows) => partials.push(...rows) });
    expect(found.data.map((row) => row.thread.id)).toEqual([banana.id]);
    expect(found.data[0]?.snippet).toContain("bananas");
    // partial rows, if codex streamed any, are provisional rows of the same search
    for (const row of partials) expect((row as { thread: { id: string } }).thread.id).toBe(banana.id);
    const both = await t.codex.threadSearch("question");
    expect(both.data.map((row) => row.thread.id).sort()).toEqual([banana.id, cherry.id].sort());
    expect((await t.codex.threadSearch("durian")).data).toEqual([]);
  });
});

describe("thread history and search input checks", () => {
  it("refuse bad arguments with InvalidInputError before sending", async () => {
    await using t = await createTestCodex();
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const bad: Array<() => Promise<unknown>> = [
      () => thread.updateSettings({}),
      () => thread.updateSettings({ colour: "blue" } as object),
      () => thread.updateSettings({ cwd: "relative" }),
      () => thread.updateSettings({ sandbox: Sandbox.readOnly, permissions: "x" }),
      () => thread.updateSettings({ summary: "loud" as "auto" }),
      () => thread.injectItems([]),
      () => thread.injectItems([{ role: "user" } as unknown as { type: string }]),
      () => thread.updateMetadata({}),
      () => thread.updateMetadata({ gitInfo: { branch: 3 as unknown as string } }),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidInputError);

    const codex = new Codex({ codexPath: "/nonexistent/codex" });
    await expect(codex.threadSearch("")).rejects.toBeInstanceOf(InvalidInputError);
    await expect(codex.threadSearch("x", { sortKey: "name" as "created_at" })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(
      codex.threadSearch("x", { onPartial: "no" as unknown as () => void }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(codex.transport).toBeUndefined();
    await codex.close();
  });
});
