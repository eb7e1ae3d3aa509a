import { describe, expect, it } from "vitest";
import { ApprovalMode, InvalidInputError, Sandbox, type SandboxPolicy } from "../src/index.js";
import { threadApprovalFields, turnApprovalFields } from "../src/internal.js";

const BYPASS = ApprovalMode.dangerouslyBypassApprovalsAndSandbox;

describe("ApprovalMode → wire fields", () => {
  it("lists exactly the supported modes", () => {
    expect(Object.values(ApprovalMode).sort()).toEqual(
      ["ask", "askUnlessTrusted", "autoReview", "dangerouslyBypassApprovalsAndSandbox", "denyAll"].sort(),
    );
    expect(Object.isFrozen(ApprovalMode)).toBe(true);
  });

  it.each([
    [ApprovalMode.autoReview, { approvalPolicy: "on-request", approvalsReviewer: "auto_review" }],
    [ApprovalMode.ask, { approvalPolicy: "on-request", approvalsReviewer: "user" }],
    [ApprovalMode.askUnlessTrusted, { approvalPolicy: "untrusted", approvalsReviewer: "user" }],
    [ApprovalMode.denyAll, { approvalPolicy: "never" }],
  ])("%s → %o on threads and turns", (mode, fields) => {
    expect(threadApprovalFields(mode, undefined)).toEqual(fields);
    expect(turnApprovalFields(mode, undefined)).toEqual(fields);
  });

  it("denyAll sends no reviewer at all", () => {
    expect("approvalsReviewer" in threadApprovalFields(ApprovalMode.denyAll, undefined)).toBe(false);
    expect("approvalsReviewer" in turnApprovalFields(ApprovalMode.denyAll, undefined)).toBe(false);
  });

  it("bypass → never, no reviewer, and full access (sandbox mode on threads, policy on turns)", () => {
    expect(threadApprovalFields(BYPASS, undefined)).toEqual({
      approvalPolicy: "never",
      sandbox: "danger-full-access",
    });
    expect(turnApprovalFields(BYPASS, undefined)).toEqual({
      approvalPolicy: "never",
      sandboxPolicy: { type: "dangerFullAccess" },
    });
  });

  it("an omitted mode sends nothing (resume/fork/turn keep the stored setting)", () => {
    expect(threadApprovalFields(undefined, undefined)).toEqual({});
    expect(turnApprovalFields(undefined, undefined)).toEqual({});
  });

  it("returns fresh objects that callers may mutate", () => {
    const first = threadApprovalFields(ApprovalMode.ask, undefined);
    first.approvalPolicy = "never";
    expect(threadApprovalFields(ApprovalMode.ask, undefined).approvalPolicy).toBe("on-request");
  });

  it("bypass combined with an explicit sandbox throws InvalidInputError", () => {
    for (const sandbox of Object.values(Sandbox)) {
      expect(() => threadApprovalFields(BYPASS, sandbox)).toThrow(InvalidInputError);
      expect(() => threadApprovalFields(BYPASS, sandbox)).toThrow(/cannot be combined with sandbox/);
      expect(() => turnApprovalFields(BYPASS, sandbox)).toThrow(/cannot be combined with sandboxPolicy/);
    }
    expect(() => turnApprovalFields(BYPASS, { type: "readOnly", networkAccess: false })).toThrow(
      InvalidInputError,
    );
  });

  it.each([["yolo"], [""], ["AUTOREVIEW"], [null], [42], ["toString"]])("rejects unknown mode %j", (mode) => {
    expect(() => threadApprovalFields(mode as ApprovalMode, undefined)).toThrow(InvalidInputError);
    expect(() => turnApprovalFields(mode as ApprovalMode, undefined)).toThrow(
      /approvalMode must be one of "autoReview", "ask", "askUnlessTrusted", "denyAll", "dangerouslyBypassApprovalsAndSandbox"/,
    );
  });
});

describe("Sandbox → wire fields", () => {
  it("rejects a SandboxPolicy object whose type is unknown", () => {
    expect(() => turnApprovalFields(undefined, { type: "bogus" } as never)).toThrow(InvalidInputError);
  });

  it.each([
    [Sandbox.readOnly, "read-only", { type: "readOnly", networkAccess: false }],
    [Sandbox.workspaceWrite, "workspace-write", expect.objectContaining({ type: "workspaceWrite" })],
    [Sandbox.fullAccess, "danger-full-access", { type: "dangerFullAccess" }],
  ])("%s → sandbox %s / sandboxPolicy %o", (sandbox, mode, policy) => {
    expect(threadApprovalFields(undefined, sandbox)).toEqual({ sandbox: mode });
    expect(turnApprovalFields(undefined, sandbox)).toEqual({ sandboxPolicy: policy });
  });

  it("combines a mode with a sandbox", () => {
    expect(threadApprovalFields(ApprovalMode.askUnlessTrusted, Sandbox.workspaceWrite)).toEqual({
      approvalPolicy: "untrusted",
      approvalsReviewer: "user",
      sandbox: "workspace-write",
    });
    expect(turnApprovalFields(ApprovalMode.denyAll, Sandbox.readOnly)).toEqual({
      approvalPolicy: "never",
      sandboxPolicy: { type: "readOnly", networkAccess: false },
    });
  });

  it("passes a full SandboxPolicy object through on turns", () => {
    const policy: SandboxPolicy = {
      type: "workspaceWrite",
      writableRoots: ["/data"],
      networkAccess: true,
      excludeTmpdirEnvVar: false,
      excludeSlashTmp: true,
    };
    expect(turnApprovalFields(ApprovalMode.ask, policy)).toEqual({
      approvalPolicy: "on-request",
      approvalsReviewer: "user",
      sandboxPolicy: policy,
    });
  });

  it.each([["read_only"], ["READ-ONLY"], ["full"], [""], [null], [{}]])(
    "rejects unknown sandbox %j",
    (sandbox) => {
      expect(() => threadApprovalFields(undefined, sandbox as Sandbox)).toThrow(InvalidInputError);
      expect(() => threadApprovalFields(undefined, sandbox as Sandbox)).toThrow(
        /sandbox must be one of "readOnly", "workspaceWrite", "fullAccess"/,
      );
      expect(() => turnApprovalFields(undefined, sandbox as Sandbox)).toThrow(/sandboxPolicy must be one of/);
    },
  );
});

describe("codex's spellings are accepted too (the bridge and @codexkit/testing use them)", () => {
  it.each([
    ["read-only", "readOnly"],
    ["workspace-write", "workspaceWrite"],
    ["danger-full-access", "fullAccess"],
  ] as const)("sandbox %s = %s", (codexName, sdkName) => {
    expect(threadApprovalFields(undefined, codexName)).toEqual(threadApprovalFields(undefined, sdkName));
    expect(turnApprovalFields(undefined, codexName)).toEqual(turnApprovalFields(undefined, sdkName));
  });

  it.each([
    ["never", ApprovalMode.denyAll],
    ["untrusted", ApprovalMode.askUnlessTrusted],
    ["on-request", ApprovalMode.ask],
    ["auto-review", ApprovalMode.autoReview],
  ] as const)("approval %s = %s", (codexName, mode) => {
    expect(threadApprovalFields(codexName as ApprovalMode, undefined)).toEqual(
      threadApprovalFields(mode, undefined),
    );
    expect(turnApprovalFields(codexName as ApprovalMode, undefined)).toEqual(
      turnApprovalFields(mode, undefined),
    );
  });

  it("still refuses a misspelling, naming both spellings", () => {
    expect(() => threadApprovalFields(undefined, "workspace_write" as Sandbox)).toThrow(
      /sandbox must be one of "readOnly", "workspaceWrite", "fullAccess" \(or codex's "read-only", "workspace-write", "danger-full-access"\), got "workspace_write"/,
    );
  });
});
