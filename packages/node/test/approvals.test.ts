import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type ApprovalDecision,
  type ApprovalHandler,
  ApprovalMode,
  type ApprovalRequest,
  acceptAll,
  defaultAnswersOf,
  Sandbox,
  type ServerRequestEvent,
} from "@codexkit/node";
import { waitUntil } from "@codexkit/test-support";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { TRANSPORTS } from "./support/transports.js";

const JUSTIFICATION = "needs to write to the workspace";
const PATCH = "*** Begin Patch\n*** Add File: hello.txt\n+hello world\n*** End Patch\n";

/** An exec_command that asks to run outside the read-only sandbox, so that codex asks for approval. */
function escalated(cmd: string, callId = "call_cmd") {
  return Reply.execCommand(cmd, {
    sandboxPermissions: "require_escalated",
    justification: JUSTIFICATION,
    callId,
  });
}

/** A handler that records what it was asked and answers `decision`. */
function recording(decision: ApprovalDecision | (() => never)) {
  const requests: ApprovalRequest[] = [];
  const contexts: Array<{ requestId: string | number }> = [];
  const handler: ApprovalHandler = (request, context) => {
    requests.push(request);
    contexts.push(context);
    return typeof decision === "function" ? decision() : decision;
  };
  return { handler, requests, contexts };
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe.concurrent.each(TRANSPORTS)("command approvals in ApprovalMode.ask (%s)", (transport) => {
  it("an accepted command runs, and the callback saw the command, reason and offered decisions", async () => {
    await using t = await createTestCodex({
      transport,
      script: [escalated("echo hi > made.txt && echo done"), Reply.message("ran it")],
    });
    const events: ServerRequestEvent[] = [];
    t.codex.onServerRequest((event) => events.push(event));
    const approvals = recording("accept");
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      approvalMode: ApprovalMode.ask,
      onApproval: approvals.handler,
    });
    const result = await thread.run("make a file");

    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("ran it");
    expect(approvals.requests).toHaveLength(1);
    const request = approvals.requests[0]!;
    expect(request).toMatchObject({
      kind: "commandExecution",
      threadId: thread.id,
      turnId: result.id,
      itemId: "call_cmd",
    });
    if (request.kind !== "commandExecution") throw new Error("unreachable");
    expect(request.params.reason).toBe(JUSTIFICATION);
    expect(request.params.command).toContain("echo hi > made.txt");
    expect(request.availableDecisions).toContain("accept");
    expect(request.availableDecisions).toEqual(request.params.availableDecisions);
    expect(request.item).toMatchObject({ type: "commandExecution", id: "call_cmd", status: "inProgress" });
    expect(approvals.contexts[0]?.requestId).toBe(events[0]?.requestId);
    expect(events).toEqual([
      expect.objectContaining({
        method: "item/commandExecution/requestApproval",
        answeredBy: "handler",
        result: { decision: "accept" },
      }),
    ]);

    expect(await readFile(join(t.workspace, "made.txt"), "utf8")).toBe("hi\n");
    expect(t.model.functionCallOutputs(1)).toEqual([
      expect.objectContaining({
        callId: "call_cmd",
        output: expect.stringMatching(/Process exited with code 0[\s\S]*done/),
      }),
    ]);
    const command = result.items.find((item) => item.type === "commandExecution");
    expect(command).toMatchObject({ status: "completed", exitCode: 0 });
  });

  it("a declined command does not run and the turn goes on", async () => {
    await using t = await createTestCodex({
      transport,
      script: [escalated("echo no > declined.txt"), Reply.message("ok, I will not")],
    });
    const approvals = recording("decline");
    const thread = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.ask });
    const result = await thread.run("try it", { onApproval: approvals.handler });

    expect(approvals.requests).toHaveLength(1);
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("ok, I will not");
    expect(await exists(join(t.workspace, "declined.txt"))).toBe(false);
    expect(result.items.find((item) => item.type === "commandExecution")).toMatchObject({
      status: "declined",
    });
    expect(t.model.functionCallOutputs(1)[0]?.output).toMatch(/rejected by user/);
  });

  it("a cancelled command interrupts the turn", async () => {
    await using t = await createTestCodex({ transport, script: [escalated("echo no > cancelled.txt")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.ask });
    const result = await thread.run("try it", { onApproval: () => "cancel" });
    expect(result.serverRequests).toMatchObject([
      {
        method: "item/commandExecution/requestApproval",
        answeredBy: "handler",
        result: { decision: "cancel" },
      },
    ]);
    expect(defaultAnswersOf(result)).toEqual([]);
    expect(result.status).toBe("interrupted");
    expect(await exists(join(t.workspace, "cancelled.txt"))).toBe(false);
    expect(t.model.requests).toHaveLength(1);
  });

  it("askUnlessTrusted asks even for a plain command in the sandbox", async () => {
    await using t = await createTestCodex({
      transport,
      script: [Reply.execCommand("touch plain.txt", { callId: "call_plain" }), Reply.message("touched")],
    });
    const approvals = recording("accept");
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      approvalMode: ApprovalMode.askUnlessTrusted,
      sandbox: Sandbox.workspaceWrite,
      onApproval: approvals.handler,
    });
    const result = await thread.run("touch it");
    expect(result.status).toBe("completed");
    expect(approvals.requests.map((r) => r.kind)).toEqual(["commandExecution"]);
    expect(await exists(join(t.workspace, "plain.txt"))).toBe(true);
  });
});

describe.concurrent.each(TRANSPORTS)("file-change approvals (%s)", (transport) => {
  async function patchTurn(decision: ApprovalDecision) {
    const t = await createTestCodex({
      transport,
      script: [Reply.applyPatch(PATCH, { callId: "call_patch" }), Reply.message("patched")],
    });
    const approvals = recording(decision);
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      model: "gpt-5.5",
      sandbox: Sandbox.readOnly,
      approvalMode: ApprovalMode.ask,
      onApproval: approvals.handler,
    });
    const result = await thread.run("add hello.txt");
    return { t, approvals, result };
  }

  it("an accepted patch is applied; the callback saw the fileChange item with its diff", async () => {
    const { t, approvals, result } = await patchTurn("accept");
    await using _ = t;
    expect(result.status).toBe("completed");
    expect(approvals.requests).toHaveLength(1);
    const request = approvals.requests[0]!;
    expect(request).toMatchObject({ kind: "fileChange", itemId: "call_patch", turnId: result.id });
    if (request.kind !== "fileChange") throw new Error("unreachable");
    expect(request.item?.changes).toEqual([
      { path: join(t.workspace, "hello.txt"), kind: { type: "add" }, diff: "hello world\n" },
    ]);
    expect(await readFile(join(t.workspace, "hello.txt"), "utf8")).toBe("hello world\n");
    expect(t.model.functionCallOutputs(1)[0]).toMatchObject({
      type: "custom_tool_call_output",
      callId: "call_patch",
      output: expect.stringContaining("A hello.txt"),
    });
    expect(result.items.find((item) => item.type === "fileChange")).toMatchObject({ status: "completed" });
  });

  it("a declined patch is not applied and the turn completes", async () => {
    const { t, approvals, result } = await patchTurn("decline");
    await using _ = t;
    expect(approvals.requests.map((r) => r.kind)).toEqual(["fileChange"]);
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("patched");
    expect(await exists(join(t.workspace, "hello.txt"))).toBe(false);
    expect(t.model.functionCallOutputs(1)[0]?.output).toMatch(/patch rejected by user/);
    expect(result.items.find((item) => item.type === "fileChange")).toMatchObject({ status: "declined" });
  });
});

describe.concurrent("fail-closed defaults", () => {
  it("without a callback a command is refused (cancel: decline is not offered) and reported", async () => {
    await using t = await createTestCodex({ script: [escalated("echo x > nobody.txt")] });
    const events: ServerRequestEvent[] = [];
    t.codex.onServerRequest((event) => events.push(event));
    const thread = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.ask });
    const result = await thread.run("try");

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      method: "item/commandExecution/requestApproval",
      answeredBy: "default",
      result: { decision: "cancel" },
      // the report says why the default answered: no handler was registered (not a handler that threw)
      reason: "noHandler",
    });
    expect(events[0]?.error).toBeUndefined();
    expect((events[0]!.params as { availableDecisions: unknown[] }).availableDecisions).not.toContain(
      "decline",
    );
    expect(result.status).toBe("interrupted");
    // the result itself says why: which request, which answer, answered by the fail-closed default
    expect(result.serverRequests).toEqual([events[0]]);
    expect(defaultAnswersOf(result)).toEqual([events[0]]);
    expect(await exists(join(t.workspace, "nobody.txt"))).toBe(false);
  });

  it("without a callback a file change is declined and the turn completes", async () => {
    await using t = await createTestCodex({ script: [Reply.applyPatch(PATCH), Reply.message("fine")] });
    const events: ServerRequestEvent[] = [];
    t.codex.onServerRequest((event) => events.push(event));
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      model: "gpt-5.5",
      approvalMode: ApprovalMode.ask,
    });
    const result = await thread.run("patch");
    expect(events).toEqual([
      expect.objectContaining({
        method: "item/fileChange/requestApproval",
        answeredBy: "default",
        result: { decision: "decline" },
      }),
    ]);
    expect(result.status).toBe("completed");
    expect(await exists(join(t.workspace, "hello.txt"))).toBe(false);
  });

  it("a throwing callback gets the safe answer, is reported with its error, and the turn completes", async () => {
    await using t = await createTestCodex({ script: [Reply.applyPatch(PATCH), Reply.message("fine")] });
    const events: ServerRequestEvent[] = [];
    t.codex.onServerRequest((event) => events.push(event));
    const boom = new Error("callback bug");
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      model: "gpt-5.5",
      approvalMode: ApprovalMode.ask,
      onApproval: () => {
        throw boom;
      },
    });
    const result = await thread.run("patch");
    expect(events).toEqual([
      expect.objectContaining({
        answeredBy: "default",
        reason: "handlerThrew",
        result: { decision: "decline" },
        error: boom,
      }),
    ]);
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("fine");
    expect(await exists(join(t.workspace, "hello.txt"))).toBe(false);
  });

  it("a rejecting async callback on a command is answered safely too", async () => {
    await using t = await createTestCodex({ script: [escalated("echo x > async.txt")] });
    const events: ServerRequestEvent[] = [];
    t.codex.onServerRequest((event) => events.push(event));
    const thread = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.ask });
    const result = await thread.run("try", {
      onApproval: async () => Promise.reject(new Error("async bug")),
    });
    expect(events[0]).toMatchObject({ answeredBy: "default", result: { decision: "cancel" } });
    expect((events[0]!.error as Error).message).toBe("async bug");
    expect(result.status).toBe("interrupted");
    expect(await exists(join(t.workspace, "async.txt"))).toBe(false);
  });

  it("an invalid file-change decision is replaced by the safe default", async () => {
    await using t = await createTestCodex({ script: [Reply.applyPatch(PATCH), Reply.message("fine")] });
    const events: ServerRequestEvent[] = [];
    t.codex.onServerRequest((event) => events.push(event));
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      model: "gpt-5.5",
      approvalMode: ApprovalMode.ask,
    });
    const result = await thread.run("patch", {
      onApproval: () => ({ acceptWithExecpolicyAmendment: { execpolicy_amendment: ["x"] } }),
    });
    expect(events[0]).toMatchObject({ answeredBy: "default", result: { decision: "decline" } });
    expect(String(events[0]?.error)).toMatch(/invalid file-change decision/);
    expect(result.status).toBe("completed");
    expect(await exists(join(t.workspace, "hello.txt"))).toBe(false);
  });
});

describe.concurrent("approvals pending when the turn ends", () => {
  it("an interrupted turn withdraws the request; a late accept runs nothing", async () => {
    await using t = await createTestCodex({
      script: [escalated("echo late > late.txt"), Reply.message("next")],
    });
    let asked!: () => void;
    const wasAsked = new Promise<void>((resolve) => {
      asked = resolve;
    });
    let answer!: (decision: ApprovalDecision) => void;
    let callbackSignal!: AbortSignal;
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      approvalMode: ApprovalMode.ask,
      onApproval: (_request, { signal }) => {
        callbackSignal = signal;
        asked();
        return new Promise<ApprovalDecision>((resolve) => {
          answer = resolve;
        });
      },
    });
    const handle = await thread.turn("needs approval");
    await wasAsked;
    expect(callbackSignal.aborted).toBe(false);
    await handle.interrupt();
    expect((await handle.run()).status).toBe("interrupted");
    // the server withdrew the request (serverRequest/resolved): the callback is told to stop waiting
    await waitUntil(() => callbackSignal.aborted, "the callback's signal to abort");
    answer("accept");
    expect((await thread.run("carry on")).finalResponse).toBe("next");
    expect(await exists(join(t.workspace, "late.txt"))).toBe(false);
  });

  it("close() does not wait for a pending approval callback", async () => {
    await using t = await createTestCodex({ script: [escalated("echo x > closed.txt")] });
    let asked!: () => void;
    const wasAsked = new Promise<void>((resolve) => {
      asked = resolve;
    });
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      approvalMode: ApprovalMode.ask,
      onApproval: () => {
        asked();
        return new Promise<ApprovalDecision>(() => {});
      },
    });
    const running = thread.run("needs approval").catch((e: unknown) => e);
    await wasAsked;
    await t.codex.close();
    expect(await running).toBeInstanceOf(Error);
    expect(await exists(join(t.workspace, "closed.txt"))).toBe(false);
  });
});

describe.concurrent.each(TRANSPORTS)("handler scopes (%s)", (transport) => {
  it("acceptAll on the client accepts", async () => {
    await using t = await createTestCodex({
      transport,
      script: [escalated("echo yes > accepted.txt"), Reply.message("done")],
      codex: { onApproval: acceptAll },
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.ask });
    const result = await thread.run("go");
    expect(result.status).toBe("completed");
    expect(await readFile(join(t.workspace, "accepted.txt"), "utf8")).toBe("yes\n");
  });

  it("a turn's handler wins over its thread's, which wins over the client's", async () => {
    const asked: string[] = [];
    const answer =
      (scope: string): ApprovalHandler =>
      () => {
        asked.push(scope);
        return "decline";
      };
    const script = () => [escalated("true"), Reply.message("ok")];
    await using t = await createTestCodex({ transport, codex: { onApproval: answer("client") } });
    t.model.enqueue(...script(), ...script(), ...script());
    const withHandler = await t.codex.threadStart({
      cwd: t.workspace,
      approvalMode: ApprovalMode.ask,
      onApproval: answer("thread"),
    });
    const plain = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.ask });

    await withHandler.run("turn scope", { onApproval: answer("turn") });
    expect(asked).toEqual(["turn"]);
    await withHandler.run("thread scope");
    expect(asked).toEqual(["turn", "thread"]);
    await plain.run("client scope");
    expect(asked).toEqual(["turn", "thread", "client"]);
    expect(t.codex.stats().turnHandlers).toBe(0);
  });

  it("setHandlers replaces a thread's handlers", async () => {
    await using t = await createTestCodex({
      transport,
      script: [escalated("echo a > set.txt"), Reply.message("ok")],
    });
    const first = recording("decline");
    const second = recording("accept");
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      approvalMode: ApprovalMode.ask,
      onApproval: first.handler,
    });
    thread.setHandlers({ onApproval: second.handler });
    await thread.run("go");
    expect(first.requests).toHaveLength(0);
    expect(second.requests).toHaveLength(1);
    expect(await exists(join(t.workspace, "set.txt"))).toBe(true);
  });
});

describe.concurrent("modes that do not ask the client", () => {
  it("autoReview (the default) sends escalations to the reviewer, not to the callback", async () => {
    await using t = await createTestCodex({
      script: [escalated("echo r > reviewed.txt"), Reply.message("reviewed")],
    });
    const approvals = recording("decline");
    const events: ServerRequestEvent[] = [];
    t.codex.onServerRequest((event) => events.push(event));
    const thread = await t.codex.threadStart({ cwd: t.workspace, onApproval: approvals.handler });
    const result = await thread.run("escalate");

    expect(result.status).toBe("completed");
    expect(approvals.requests).toHaveLength(0);
    expect(events).toHaveLength(0);
    expect(t.model.reviewerRequests).toHaveLength(1);
    // the scripted reviewer allows by default, so the command ran
    expect(await readFile(join(t.workspace, "reviewed.txt"), "utf8")).toBe("r\n");
  });

  it("autoReview with a denying reviewer blocks the command, still without asking the callback", async () => {
    await using t = await createTestCodex({
      script: [escalated("echo r > denied.txt"), Reply.message("blocked")],
      reviewer: { outcome: "deny", rationale: "not today" },
    });
    const approvals = recording("accept");
    const thread = await t.codex.threadStart({ cwd: t.workspace, onApproval: approvals.handler });
    const result = await thread.run("escalate");
    expect(result.status).toBe("completed");
    expect(approvals.requests).toHaveLength(0);
    expect(t.model.reviewerRequests).toHaveLength(1);
    expect(await exists(join(t.workspace, "denied.txt"))).toBe(false);
  });

  it("denyAll never asks anyone and never escalates", async () => {
    await using t = await createTestCodex({
      script: [escalated("echo d > never.txt"), Reply.message("could not")],
    });
    const approvals = recording("accept");
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      approvalMode: ApprovalMode.denyAll,
      onApproval: approvals.handler,
    });
    const result = await thread.run("escalate");
    expect(result.status).toBe("completed");
    expect(approvals.requests).toHaveLength(0);
    expect(t.model.reviewerRequests).toHaveLength(0);
    expect(await exists(join(t.workspace, "never.txt"))).toBe(false);
  });
});
