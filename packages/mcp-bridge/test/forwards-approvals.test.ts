import { existsSync } from "node:fs";
import { join } from "node:path";
import { Reply } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { closeAll, startBridge, structured } from "./support/bridge.js";

afterEach(closeAll);

const escalation = () => [
  Reply.execCommand("touch approved.txt", {
    sandboxPermissions: "require_escalated",
    justification: "need to create the file",
  }),
  Reply.message("done"),
];

interface Result {
  status: string;
  approvals: Array<{ kind: string; subject: string; decision: string; decidedBy: string }>;
  actions: { commands: Array<{ command: string; status: string }> };
}

describe("approvals", () => {
  test("are forwarded to a client that supports elicitation, as a spec form; accept runs the command", async () => {
    const bridge = await startBridge({
      script: escalation(),
      capabilities: { elicitation: {} },
      onElicit: () => ({ action: "accept", content: { decision: "accept" } }),
    });
    const progress: string[] = [];
    const result = structured<Result>(
      await bridge.call(
        "codex_run",
        { prompt: "create approved.txt" },
        { onprogress: (p) => progress.push(p.message ?? "") },
      ),
    );
    // The SDK client validated the request against the spec's ElicitRequest schema before our handler saw it.
    expect(bridge.elicitations).toHaveLength(1);
    const [request] = bridge.elicitations;
    expect(request!.message).toContain("Codex asks for approval to run `touch approved.txt`");
    expect(request!.message).toContain("Reason: need to create the file");
    expect(request!.requestedSchema).toMatchObject({
      type: "object",
      required: ["decision"],
      properties: { decision: { type: "string", enum: ["accept", "cancel"], default: "cancel" } },
    });
    expect(progress).toContain("waiting for approval to run `touch approved.txt`");
    expect(result.approvals).toEqual([
      {
        kind: "commandExecution",
        subject: "run `touch approved.txt`",
        decision: "accept",
        decidedBy: "client",
      },
    ]);
    expect(result.actions.commands).toMatchObject([{ command: "touch approved.txt", status: "completed" }]);
    expect(existsSync(join(bridge.home.workspace, "approved.txt"))).toBe(true);
  });

  test("refusing a command stops the turn: codex offers no 'decline' for escalations, so the refusal is 'cancel'", async () => {
    const bridge = await startBridge({
      script: escalation(),
      capabilities: { elicitation: {} },
      onElicit: () => ({ action: "decline" }),
    });
    const result = structured<Result & { error: string }>(
      await bridge.call("codex_run", { prompt: "create approved.txt" }),
    );
    expect(bridge.elicitations[0]!.requestedSchema.properties.decision).toMatchObject({
      enum: ["accept", "cancel"],
      default: "cancel",
    });
    expect(result.status).toBe("interrupted");
    expect(result.approvals).toMatchObject([{ decision: "cancel", decidedBy: "client" }]);
    expect(result.error).toBe("stopped: the approval to run `touch approved.txt` was refused (client)");
    expect(bridge.model.requests).toHaveLength(1);
    expect(existsSync(join(bridge.home.workspace, "approved.txt"))).toBe(false);
  });

  test("a declined file change is refused and the turn goes on (decline is offered for file changes)", async () => {
    const patch =
      "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: patched.txt\n+hi\n*** End Patch\nEOF\n";
    const bridge = await startBridge({
      script: [Reply.execCommand(patch), Reply.message("ok, not writing it")],
      capabilities: { elicitation: {} },
      onElicit: () => ({ action: "accept", content: { decision: "decline" } }),
    });
    const result = structured<Result & { actions: { fileChanges: Array<{ status: string }> } }>(
      await bridge.call("codex_run", { prompt: "add patched.txt", approvalPolicy: "untrusted" }),
    );
    expect(bridge.elicitations[0]!.message).toContain(
      `Codex asks for approval to change ${join(bridge.home.workspace, "patched.txt")} (add)`,
    );
    expect(bridge.elicitations[0]!.message).toMatch(/Diff:\n--- .*patched.txt\nhi/);
    expect(result.status).toBe("completed");
    expect(result.approvals).toMatchObject([
      { kind: "fileChange", decision: "decline", decidedBy: "client" },
    ]);
    expect(result.actions.fileChanges).toMatchObject([{ status: "declined" }]);
    expect(bridge.model.requests).toHaveLength(2);
    expect(existsSync(join(bridge.home.workspace, "patched.txt"))).toBe(false);
  });

  test("without elicitation support the operator policy refuses, and the turn does not hang", async () => {
    const bridge = await startBridge({ script: escalation() });
    const result = structured<Result>(await bridge.call("codex_run", { prompt: "create approved.txt" }));
    expect(result.status).toBe("interrupted");
    expect(result.approvals).toMatchObject([{ decision: "cancel", decidedBy: "policy" }]);
    expect(existsSync(join(bridge.home.workspace, "approved.txt"))).toBe(false);
  });

  test("a client that never answers is refused after --approval-timeout", async () => {
    const bridge = await startBridge({
      script: escalation(),
      args: ["--approval-timeout", "0.5"],
      capabilities: { elicitation: {} },
      onElicit: () => new Promise(() => {}),
    });
    const result = structured<Result>(await bridge.call("codex_run", { prompt: "create approved.txt" }));
    expect(result.status).toBe("interrupted");
    expect(result.approvals).toMatchObject([{ decision: "cancel", decidedBy: "timeout" }]);
    expect(existsSync(join(bridge.home.workspace, "approved.txt"))).toBe(false);
  });

  test("approval policy never: codex does not ask, and the escalation is refused to the model", async () => {
    const bridge = await startBridge({
      script: escalation(),
      capabilities: { elicitation: {} },
      onElicit: () => ({ action: "accept", content: { decision: "accept" } }),
    });
    const result = structured<Result>(
      await bridge.call("codex_run", { prompt: "create approved.txt", approvalPolicy: "never" }),
    );
    expect(result.status).toBe("completed");
    expect(bridge.elicitations).toHaveLength(0);
    expect(result.approvals).toEqual([]);
    expect(existsSync(join(bridge.home.workspace, "approved.txt"))).toBe(false);
  });
});
