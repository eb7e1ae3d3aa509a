import { access, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { ApprovalMode, Codex, InvalidInputError, Sandbox } from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

/**
 * The approval settings the server holds for a thread. `Thread` does not expose them, so they are read
 * from a `thread/resume` without overrides (which changes nothing and answers with the current settings).
 */
async function settingsOf(codex: Codex, threadId: string) {
  const response = await codex.request("thread/resume", { threadId });
  return { approvalPolicy: response.approvalPolicy, sandbox: response.sandbox.type };
}

const NEVER_READ_ONLY = { approvalPolicy: "never", sandbox: "readOnly" };
const BYPASS = { approvalPolicy: "never", sandbox: "dangerFullAccess" };

describe.concurrent("approval modes persist like upstream's", () => {
  it("resume without a mode keeps denyAll", async () => {
    await using t = await createTestCodex({ script: [Reply.message("a"), Reply.message("b")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.denyAll });
    await thread.run("persist me");
    const resumed = await t.codex.threadResume(thread.id);
    expect(await settingsOf(t.codex, resumed.id)).toEqual(NEVER_READ_ONLY);
    await resumed.run("and again");
    expect(await settingsOf(t.codex, thread.id)).toEqual(NEVER_READ_ONLY);
  });

  it("fork keeps denyAll unless told otherwise; autoReview switches it to on-request", async () => {
    await using t = await createTestCodex({ script: [Reply.message("a")] });
    const source = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.denyAll });
    await source.run("source");
    const kept = await t.codex.threadFork(source.id);
    expect(kept.id).not.toBe(source.id);
    expect(await settingsOf(t.codex, kept.id)).toEqual(NEVER_READ_ONLY);
    const reviewed = await t.codex.threadFork(source.id, { approvalMode: ApprovalMode.autoReview });
    const response = await t.codex.request("thread/resume", { threadId: reviewed.id });
    expect(response.approvalPolicy).toBe("on-request");
    expect(response.approvalsReviewer).toBe("auto_review");
  });

  it("bypass at thread start means never + full access, for the thread, its resume and its fork", async () => {
    await using t = await createTestCodex({ script: [Reply.message("a")] });
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      approvalMode: ApprovalMode.dangerouslyBypassApprovalsAndSandbox,
    });
    // what the server reported at start is on thread.settings
    expect(thread.settings?.approvalPolicy).toBe("never");
    expect(thread.settings?.sandbox.type).toBe("dangerFullAccess");
    // (a thread can be resumed, and so read, once its first turn made a rollout)
    await thread.run("x");
    expect(await settingsOf(t.codex, thread.id)).toEqual(BYPASS);
    const fork = await t.codex.threadFork(thread.id);
    expect(fork.settings).toMatchObject({ approvalPolicy: "never", sandbox: { type: "dangerFullAccess" } });
    expect(await settingsOf(t.codex, fork.id)).toEqual(BYPASS);
  });

  it("bypass on a turn persists to the thread", async () => {
    await using t = await createTestCodex({ script: [Reply.message("a"), Reply.message("b")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.denyAll });
    await thread.run("x", { approvalMode: ApprovalMode.dangerouslyBypassApprovalsAndSandbox });
    expect(await settingsOf(t.codex, thread.id)).toEqual(BYPASS);
    await thread.run("y");
    expect(await settingsOf(t.codex, thread.id)).toEqual(BYPASS);
  });

  it("a turn's mode persists to later turns that omit it; an explicit one switches again", async () => {
    await using t = await createTestCodex({
      script: [Reply.message("a"), Reply.message("b"), Reply.message("c"), Reply.message("d")],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await thread.run("default");
    expect((await settingsOf(t.codex, thread.id)).approvalPolicy).toBe("on-request");
    await thread.run("deny", { approvalMode: ApprovalMode.denyAll });
    expect((await settingsOf(t.codex, thread.id)).approvalPolicy).toBe("never");
    await thread.run("omitted");
    expect((await settingsOf(t.codex, thread.id)).approvalPolicy).toBe("never");
    await thread.run("review", { approvalMode: ApprovalMode.autoReview });
    expect((await settingsOf(t.codex, thread.id)).approvalPolicy).toBe("on-request");
  });

  it("denyAll keeps a command from writing outside the workspace; bypass lets it", async () => {
    await using t = await createTestCodex();
    const outside = join(t.home.root, "outside");
    await mkdir(outside);
    const write = (name: string) => Reply.execCommand(`echo written > ${join(outside, name)}`);
    t.model.enqueue(
      write("denied.txt"),
      Reply.message("could not write"),
      write("bypassed.txt"),
      Reply.message("wrote"),
    );

    const denied = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.denyAll });
    const deniedResult = await denied.run("write outside");
    expect(deniedResult.status).toBe("completed");
    expect(deniedResult.finalResponse).toBe("could not write");
    await expect(access(join(outside, "denied.txt"))).rejects.toThrow(/ENOENT/);

    const bypass = await t.codex.threadStart({
      cwd: t.workspace,
      approvalMode: ApprovalMode.dangerouslyBypassApprovalsAndSandbox,
    });
    const bypassResult = await bypass.run("write outside");
    expect(bypassResult.finalResponse).toBe("wrote");
    expect(await readFile(join(outside, "bypassed.txt"), "utf8")).toBe("written\n");
  });

  it("bypass with an explicit sandbox is refused before anything is sent", async () => {
    await using t = await createTestCodex({ script: [Reply.message("a")] });
    const bypass = ApprovalMode.dangerouslyBypassApprovalsAndSandbox;
    await expect(t.codex.threadStart({ approvalMode: bypass, sandbox: Sandbox.readOnly })).rejects.toThrow(
      InvalidInputError,
    );
    await expect(t.codex.threadStart({ approvalMode: bypass, sandbox: Sandbox.fullAccess })).rejects.toThrow(
      /cannot be combined with sandbox/,
    );
    const thread = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.denyAll });
    await expect(
      t.codex.threadResume(thread.id, { approvalMode: bypass, sandbox: Sandbox.readOnly }),
    ).rejects.toThrow(InvalidInputError);
    await expect(thread.run("x", { approvalMode: bypass, sandboxPolicy: Sandbox.readOnly })).rejects.toThrow(
      /cannot be combined with sandboxPolicy/,
    );
    // no thread besides the denyAll one, no turn, no model request, settings untouched
    expect(t.model.requests).toHaveLength(0);
    await thread.run("now for real");
    expect((await t.codex.threadList()).data.map((item) => item.id)).toEqual([thread.id]);
    expect((await thread.read({ includeTurns: true })).thread.turns).toHaveLength(1);
    expect(await settingsOf(t.codex, thread.id)).toEqual(NEVER_READ_ONLY);
  });

  it("rejects unknown modes and sandboxes before anything is sent", async () => {
    await using t = await createTestCodex();
    // @ts-expect-error: not a mode
    await expect(t.codex.threadStart({ approvalMode: "yolo" })).rejects.toThrow(
      /approvalMode must be one of/,
    );
    // @ts-expect-error: not a sandbox
    await expect(t.codex.threadStart({ sandbox: "workspace" })).rejects.toThrow(/sandbox must be one of/);
    expect((await t.codex.threadList()).data).toEqual([]);
  });
});

describe.concurrent("settings survive the process", () => {
  it("a new client resuming a denyAll thread without a mode still has never", async () => {
    await using t = await createTestCodex({ script: [Reply.message("a")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.denyAll });
    await thread.run("persist");
    await t.codex.close();
    await using second = new Codex({ codexHome: t.home.path, cwd: t.workspace, env: { ...t.home.env } });
    const resumed = await second.threadResume(thread.id);
    expect(await settingsOf(second, resumed.id)).toEqual(NEVER_READ_ONLY);
  });
});
