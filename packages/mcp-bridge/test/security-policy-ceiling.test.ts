import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Reply } from "@codexkit/testing";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { ConfigurationError, PolicyViolationError } from "../src/errors.js";
import {
  APPROVAL_LEVELS,
  type ApprovalPolicyName,
  OperatorPolicy,
  SANDBOX_LEVELS,
  type SandboxName,
} from "../src/policy.js";
import { closeAll, startBackend, startBridge, structured, textOf } from "./support/bridge.js";

afterEach(closeAll);
const root = realpathSync(mkdtempSync(join(tmpdir(), "bridge-ceiling-")));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every combination a caller can send, "not given" included. */
const REQUESTS = [undefined, ...SANDBOX_LEVELS].flatMap((sandbox) =>
  [undefined, ...APPROVAL_LEVELS].map((approvalPolicy) => ({ sandbox, approvalPolicy })),
);
export const CEILING_CASES = SANDBOX_LEVELS.length * APPROVAL_LEVELS.length * REQUESTS.length;

describe("security: a caller cannot raise the sandbox or approval policy above the operator's", () => {
  test(`every operator ceiling × every request (${CEILING_CASES} cases): the effective settings never exceed the ceiling`, () => {
    let refused = 0;
    let granted = 0;
    for (const sandboxCeiling of SANDBOX_LEVELS) {
      for (const approvalCeiling of APPROVAL_LEVELS) {
        let policy: OperatorPolicy;
        try {
          policy = new OperatorPolicy({
            sandbox: sandboxCeiling,
            approvalPolicy: approvalCeiling,
            allowedRoots: [root],
          });
        } catch (error) {
          // only bypass without full access is an invalid ceiling
          expect(error).toBeInstanceOf(ConfigurationError);
          expect(approvalCeiling === "bypass" && sandboxCeiling !== "danger-full-access").toBe(true);
          continue;
        }
        for (const request of REQUESTS) {
          const sandboxAbove =
            request.sandbox !== undefined &&
            SANDBOX_LEVELS.indexOf(request.sandbox) > SANDBOX_LEVELS.indexOf(sandboxCeiling);
          const approvalAbove =
            request.approvalPolicy !== undefined &&
            APPROVAL_LEVELS.indexOf(request.approvalPolicy) > APPROVAL_LEVELS.indexOf(approvalCeiling);
          let settings: { sandbox: SandboxName; approvalPolicy: ApprovalPolicyName };
          try {
            settings = policy.settingsFor(request);
          } catch (error) {
            expect(error).toBeInstanceOf(PolicyViolationError);
            refused++;
            continue;
          }
          granted++;
          expect(
            sandboxAbove || approvalAbove,
            JSON.stringify({ sandboxCeiling, approvalCeiling, request }),
          ).toBe(false);
          expect(SANDBOX_LEVELS.indexOf(settings.sandbox)).toBeLessThanOrEqual(
            SANDBOX_LEVELS.indexOf(sandboxCeiling),
          );
          expect(APPROVAL_LEVELS.indexOf(settings.approvalPolicy)).toBeLessThanOrEqual(
            APPROVAL_LEVELS.indexOf(approvalCeiling),
          );
          expect(settings.sandbox).toBe(request.sandbox ?? sandboxCeiling);
          expect(settings.approvalPolicy).toBe(request.approvalPolicy ?? approvalCeiling);
          // bypass switches the sandbox off: it is granted only where full access is
          if (settings.approvalPolicy === "bypass") expect(settings.sandbox).toBe("danger-full-access");
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(granted).toBeGreaterThan(0);
  });

  test("the app-server gets the operator's ceiling, not the more permissive CODEX_HOME config, and a resumed thread cannot keep a higher sandbox", async () => {
    // codex's own config allows everything; the operator allows read-only and never.
    const backend = await startBackend([Reply.message("one"), Reply.message("two"), Reply.message("three")], {
      sandbox: "danger-full-access",
      approvalPolicy: "on-request",
    });
    const permissive = await startBridge({
      backend,
      args: ["--sandbox", "workspace-write", "--approval-policy", "never"],
    });
    const { threadId } = structured<{ threadId: string }>(
      await permissive.call("codex_run", {
        prompt: "start with workspace-write",
        sandbox: "workspace-write",
      }),
    );
    await permissive.close();
    const strict = await startBridge({
      backend,
      args: ["--approval-policy", "never", "--expose-existing-threads"],
    });
    const raise = await strict.call("codex_run", {
      prompt: "more please",
      threadId,
      sandbox: "workspace-write",
    });
    expect(raise.isError).toBe(true);
    expect(textOf(raise)).toMatch(/sandbox "workspace-write" is above the operator's ceiling "read-only"/);
    expect(structured(await strict.call("codex_run", { prompt: "continue", threadId }))).toMatchObject({
      sandbox: "read-only",
      approvalPolicy: "never",
    });
    expect(structured(await strict.call("codex_run", { prompt: "new thread" }))).toMatchObject({
      sandbox: "read-only",
    });

    // What the app-server actually applied, as it tells the model (the latest statement: a continued
    // thread's input also holds the earlier turns' instructions):
    const sandboxOf = (index: number) =>
      [
        ...backend.model
          .inputTexts(index)
          .join("\n")
          .matchAll(/`sandbox_mode` is `([a-z-]+)`/g),
      ].at(-1)?.[1];
    const approvalIsNever = (index: number) =>
      backend.model.inputTexts(index).join("\n").includes("Approval policy is currently never");
    expect(backend.model.requests).toHaveLength(3);
    expect(sandboxOf(0)).toBe("workspace-write");
    expect(sandboxOf(1)).toBe("read-only");
    expect(sandboxOf(2)).toBe("read-only");
    expect([0, 1, 2].map(approvalIsNever)).toEqual([true, true, true]);
  });
});
