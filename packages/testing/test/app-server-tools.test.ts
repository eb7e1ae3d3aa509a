import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { Reply } from "../src/index.js";
import { disposeAll, startE2e } from "./support/e2e.js";

afterEach(disposeAll);

/** Items of `type` from `item/completed` notifications. */
function completedItems(
  messages: ReadonlyArray<{ method?: string; params?: Record<string, unknown> }>,
  type: string,
) {
  return messages
    .filter((m) => m.method === "item/completed")
    .map((m) => m.params?.item as Record<string, unknown>)
    .filter((item) => item.type === type);
}

describe("tool calls through the real app-server", () => {
  test("runs a scripted exec_command and sends its output in the next request", async () => {
    const { model, home, client, threadId } = await startE2e(
      [
        Reply.execCommand("echo done > created.txt && echo done", { callId: "call_exec" }),
        Reply.message("ran it"),
      ],
      { sandbox: "danger-full-access" },
    );
    const { turn } = await client.runTurn(threadId, "run it");
    expect(turn.status).toBe("completed");
    expect(await readFile(join(home.workspace, "created.txt"), "utf8")).toBe("done\n");
    expect(completedItems(client.messages, "commandExecution")[0]).toMatchObject({
      id: "call_exec",
      status: "completed",
      exitCode: 0,
    });
    expect(model.requests).toHaveLength(2);
    const [output] = model.functionCallOutputs(1);
    expect(output).toMatchObject({ type: "function_call_output", callId: "call_exec" });
    expect(output?.output).toMatch(/Process exited with code 0[\s\S]*Output:\ndone\n/);
  });

  test("answers auto-review requests with the default allow verdict", async () => {
    const { model, home, client, threadId } = await startE2e(
      [
        Reply.execCommand("echo reviewed > reviewed.txt", {
          sandboxPermissions: "require_escalated",
          justification: "needs to write",
        }),
        Reply.message("reviewed and ran"),
      ],
      { approvalPolicy: "on-request", sandbox: "workspace-write", approvalsReviewer: "auto_review" },
    );
    const { turn } = await client.runTurn(threadId, "escalate");
    expect(turn.status).toBe("completed");
    expect(model.reviewerRequests).toHaveLength(1);
    expect(model.requests).toHaveLength(2);
    const reviewerTexts = model.reviewerRequests[0]?.body?.input?.flatMap((item) =>
      Array.isArray(item.content) ? item.content.map((part) => part.text ?? "") : [],
    );
    expect(reviewerTexts?.[0]).toMatch(/^You are judging one planned coding-agent action/);
    expect(await readFile(join(home.workspace, "reviewed.txt"), "utf8")).toBe("reviewed\n");
    expect(client.notifications("item/autoApprovalReview/completed")).toHaveLength(1);
  });

  test("a deny verdict blocks the escalated command", async () => {
    const { model, home, client, threadId } = await startE2e(
      [
        Reply.execCommand("echo nope > denied.txt", {
          sandboxPermissions: "require_escalated",
          callId: "call_d",
        }),
        Reply.message("ok, not running it"),
      ],
      { approvalPolicy: "on-request", sandbox: "workspace-write", approvalsReviewer: "auto_review" },
    );
    model.setReviewer({ outcome: "deny", rationale: "scripted denial" });
    const { turn } = await client.runTurn(threadId, "escalate");
    expect(turn.status).toBe("completed");
    expect(model.reviewerRequests).toHaveLength(1);
    await expect(access(join(home.workspace, "denied.txt"))).rejects.toThrow(/ENOENT/);
    expect(model.functionCallOutputs(1)).toEqual([expect.objectContaining({ callId: "call_d" })]);
  });

  test("applies a scripted apply_patch for a model that offers the tool", async () => {
    const patch = "*** Begin Patch\n*** Add File: hello.txt\n+hello world\n*** End Patch\n";
    const { model, home, client, threadId } = await startE2e(
      [Reply.applyPatch(patch, { callId: "call_patch" }), Reply.message("patched")],
      { model: "gpt-5.5", sandbox: "workspace-write", approvalPolicy: "on-request" },
    );
    const { turn } = await client.runTurn(threadId, "add hello.txt");
    expect(turn.status).toBe("completed");
    expect(model.toolNames(0)).toContain("apply_patch");
    expect(await readFile(join(home.workspace, "hello.txt"), "utf8")).toBe("hello world\n");
    expect(model.functionCallOutputs(1)).toEqual([
      expect.objectContaining({ type: "custom_tool_call_output", callId: "call_patch" }),
    ]);
    expect(model.functionCallOutputs(1)[0]?.output).toContain("A hello.txt");
  });
});
