import { InvalidInputError } from "./errors.js";
import type { ApprovalsReviewer } from "./generated/v2/ApprovalsReviewer.js";
import type { AskForApproval } from "./generated/v2/AskForApproval.js";
import type { SandboxMode } from "./generated/v2/SandboxMode.js";
import type { SandboxPolicy } from "./generated/v2/SandboxPolicy.js";

/**
 * Who decides when the agent asks to do something its sandbox does not allow.
 *
 * - `autoReview` (default for new threads, as upstream): a reviewer subagent decides; your callbacks are not asked.
 * - `ask`: requests reach your `onApproval` callback (codexkit addition; `on-request` + reviewer `user`).
 * - `askUnlessTrusted`: like `ask`, but codex asks before any command it does not consider trusted (`untrusted`).
 * - `denyAll`: the agent is never allowed to escalate (`never`).
 * - `dangerouslyBypassApprovalsAndSandbox`: no approvals and no sandbox at all. Only in an isolated environment.
 */
export const ApprovalMode = Object.freeze({
  /** A reviewer subagent decides (default for new threads, as upstream); your callbacks are not asked. */
  autoReview: "autoReview",
  /** Requests reach your `onApproval` callback; without one they are declined. */
  ask: "ask",
  /** Like `ask`, and codex also asks before any command it does not consider trusted. */
  askUnlessTrusted: "askUnlessTrusted",
  /** The agent may never escalate beyond its sandbox. */
  denyAll: "denyAll",
  /** No approvals and no sandbox at all. Only in an isolated environment. */
  dangerouslyBypassApprovalsAndSandbox: "dangerouslyBypassApprovalsAndSandbox",
} as const);
/** One of the {@link ApprovalMode} values. */
export type ApprovalMode = (typeof ApprovalMode)[keyof typeof ApprovalMode];

/** What the agent's commands may touch. */
export const Sandbox = Object.freeze({
  /** Commands may read files but not write them or use the network. */
  readOnly: "readOnly",
  /** Commands may write inside the working directory (and the writable roots); no network. */
  workspaceWrite: "workspaceWrite",
  /** No sandbox: commands may do anything the user can. */
  fullAccess: "fullAccess",
} as const);
/** One of the {@link Sandbox} values. */
export type Sandbox = (typeof Sandbox)[keyof typeof Sandbox];

/**
 * A sandbox as users type it: a {@link Sandbox} value (the documented spelling, `workspaceWrite`) or
 * codex's own `sandbox_mode` spelling (`workspace-write`), which the MCP bridge and `@codexkit/testing` use.
 */
export type SandboxSetting = Sandbox | SandboxMode;

const APPROVAL_WIRE: Record<
  ApprovalMode,
  { approvalPolicy: AskForApproval; approvalsReviewer?: ApprovalsReviewer }
> = {
  autoReview: { approvalPolicy: "on-request", approvalsReviewer: "auto_review" },
  ask: { approvalPolicy: "on-request", approvalsReviewer: "user" },
  askUnlessTrusted: { approvalPolicy: "untrusted", approvalsReviewer: "user" },
  denyAll: { approvalPolicy: "never" },
  dangerouslyBypassApprovalsAndSandbox: { approvalPolicy: "never" },
};

const SANDBOX_MODE: Record<Sandbox, SandboxMode> = {
  readOnly: "read-only",
  workspaceWrite: "workspace-write",
  fullAccess: "danger-full-access",
};

/** codex's spellings (config.toml, CLI flags, the MCP bridge) of the same modes and sandboxes. */
const APPROVAL_ALIASES: Readonly<Record<string, ApprovalMode>> = {
  never: "denyAll",
  untrusted: "askUnlessTrusted",
  "on-request": "ask",
  "auto-review": "autoReview",
  auto_review: "autoReview",
};
const SANDBOX_ALIASES: Readonly<Record<string, Sandbox>> = {
  "read-only": "readOnly",
  "workspace-write": "workspaceWrite",
  "danger-full-access": "fullAccess",
};

const SANDBOX_POLICY: Record<Sandbox, SandboxPolicy> = {
  readOnly: { type: "readOnly", networkAccess: false },
  workspaceWrite: {
    type: "workspaceWrite",
    writableRoots: [],
    networkAccess: false,
    excludeTmpdirEnvVar: false,
    excludeSlashTmp: false,
  },
  fullAccess: { type: "dangerFullAccess" },
};

const SANDBOX_POLICY_TYPES: ReadonlySet<string> = new Set<SandboxPolicy["type"]>([
  "dangerFullAccess",
  "readOnly",
  "externalSandbox",
  "workspaceWrite",
]);

/** Names a value in a message, as JSON where it can; never throws (JSON.stringify does, on a BigInt). */
function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

/** The {@link ApprovalMode} `mode` names (in either spelling); throws for anything else. */
function checkMode(mode: unknown): ApprovalMode {
  if (typeof mode === "string" && Object.hasOwn(APPROVAL_WIRE, mode)) return mode as ApprovalMode;
  if (typeof mode === "string" && Object.hasOwn(APPROVAL_ALIASES, mode)) return APPROVAL_ALIASES[mode]!;
  throw new InvalidInputError(
    `approvalMode must be one of ${Object.keys(APPROVAL_WIRE)
      .map((m) => `"${m}"`)
      .join(", ")}, got ${describe(mode)}`,
  );
}

/** The {@link Sandbox} `sandbox` names (in either spelling); throws for anything else. */
function checkSandbox(sandbox: unknown, field: string): Sandbox {
  if (typeof sandbox === "string" && Object.hasOwn(SANDBOX_MODE, sandbox)) return sandbox as Sandbox;
  if (typeof sandbox === "string" && Object.hasOwn(SANDBOX_ALIASES, sandbox))
    return SANDBOX_ALIASES[sandbox]!;
  throw new InvalidInputError(
    `${field} must be one of ${Object.keys(SANDBOX_MODE)
      .map((m) => `"${m}"`)
      .join(", ")} (or codex's ${Object.keys(SANDBOX_ALIASES)
      .map((m) => `"${m}"`)
      .join(", ")}), got ${describe(sandbox)}`,
  );
}

/** The fields a wire `SandboxPolicy` object carries, where given, have their protocol types. */
function checkSandboxPolicyFields(policy: SandboxPolicy): void {
  const fields = policy as Record<string, unknown>;
  const wrong = (field: string, expected: string) =>
    new InvalidInputError(
      `sandboxPolicy.${field} of a "${policy.type}" policy must be ${expected}, got ${describe(fields[field])}`,
    );
  const booleans =
    policy.type === "readOnly"
      ? ["networkAccess"]
      : policy.type === "workspaceWrite"
        ? ["networkAccess", "excludeTmpdirEnvVar", "excludeSlashTmp"]
        : [];
  for (const field of booleans) {
    if (fields[field] !== undefined && typeof fields[field] !== "boolean") throw wrong(field, "a boolean");
  }
  if (
    policy.type === "externalSandbox" &&
    fields.networkAccess !== undefined &&
    fields.networkAccess !== "restricted" &&
    fields.networkAccess !== "enabled"
  ) {
    throw wrong("networkAccess", '"restricted" or "enabled"');
  }
  const roots = fields.writableRoots;
  if (
    policy.type === "workspaceWrite" &&
    roots !== undefined &&
    (!Array.isArray(roots) || roots.some((root) => typeof root !== "string"))
  ) {
    throw wrong("writableRoots", "an array of paths");
  }
}

const BYPASS = ApprovalMode.dangerouslyBypassApprovalsAndSandbox;

/** Wire fields of `thread/start`, `thread/resume` and `thread/fork` for an approval mode and sandbox. */
export interface ThreadApprovalFields {
  /** When codex asks for approval (`approvalPolicy`). */
  approvalPolicy?: AskForApproval;
  /** Who answers approval requests: the client (`user`) or the auto-reviewer. */
  approvalsReviewer?: ApprovalsReviewer;
  /** The thread's sandbox mode. */
  sandbox?: SandboxMode;
}

/** Wire fields of `turn/start` for an approval mode and sandbox. */
export interface TurnApprovalFields {
  /** When codex asks for approval (`approvalPolicy`). */
  approvalPolicy?: AskForApproval;
  /** Who answers approval requests: the client (`user`) or the auto-reviewer. */
  approvalsReviewer?: ApprovalsReviewer;
  /** The sandbox policy for this and later turns. */
  sandboxPolicy?: SandboxPolicy;
}

/**
 * Maps an approval mode and sandbox to thread-level wire fields, as upstream does. An omitted mode sends
 * nothing, so resume/fork keep the thread's stored setting. Bypass also sends a full-access sandbox and
 * cannot be combined with an explicit sandbox.
 */
export function threadApprovalFields(
  approvalMode: ApprovalMode | undefined,
  sandbox: SandboxSetting | undefined,
): ThreadApprovalFields {
  const fields: ThreadApprovalFields = {};
  const mode = approvalMode === undefined ? undefined : checkMode(approvalMode);
  if (mode !== undefined) Object.assign(fields, APPROVAL_WIRE[mode]);
  if (sandbox !== undefined) {
    const name = checkSandbox(sandbox, "sandbox");
    if (mode === BYPASS) {
      throw new InvalidInputError(
        `approvalMode "${BYPASS}" cannot be combined with sandbox (it implies full access)`,
      );
    }
    fields.sandbox = SANDBOX_MODE[name];
  } else if (mode === BYPASS) {
    fields.sandbox = "danger-full-access";
  }
  return fields;
}

/**
 * Maps a turn's approval mode and sandbox policy to `turn/start` wire fields. `sandboxPolicy` may be a
 * {@link Sandbox} value or a full wire `SandboxPolicy` object.
 */
export function turnApprovalFields(
  approvalMode: ApprovalMode | undefined,
  sandboxPolicy: SandboxSetting | SandboxPolicy | undefined,
): TurnApprovalFields {
  const fields: TurnApprovalFields = {};
  const mode = approvalMode === undefined ? undefined : checkMode(approvalMode);
  if (mode !== undefined) Object.assign(fields, APPROVAL_WIRE[mode]);
  if (sandboxPolicy !== undefined) {
    if (mode === BYPASS) {
      throw new InvalidInputError(
        `approvalMode "${BYPASS}" cannot be combined with sandboxPolicy (it implies full access)`,
      );
    }
    if (
      typeof sandboxPolicy === "object" &&
      sandboxPolicy !== null &&
      typeof sandboxPolicy.type === "string" &&
      SANDBOX_POLICY_TYPES.has(sandboxPolicy.type)
    ) {
      checkSandboxPolicyFields(sandboxPolicy);
      fields.sandboxPolicy = sandboxPolicy;
    } else {
      fields.sandboxPolicy = SANDBOX_POLICY[checkSandbox(sandboxPolicy, "sandboxPolicy")];
    }
  } else if (mode === BYPASS) {
    fields.sandboxPolicy = SANDBOX_POLICY.fullAccess;
  }
  return fields;
}
