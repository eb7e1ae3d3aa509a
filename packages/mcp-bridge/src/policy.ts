import { realpathSync, statSync } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { ApprovalMode, Sandbox } from "@codexkit/node";
import { ConfigurationError, PolicyViolationError } from "./errors.js";

/** Sandbox names as codex spells them, least to most permissive. */
export const SANDBOX_LEVELS = ["read-only", "workspace-write", "danger-full-access"] as const;
/** A sandbox name: what the agent's commands may touch. */
export type SandboxName = (typeof SANDBOX_LEVELS)[number];

/**
 * Approval policy names, least to most permissive: `never` (no escalation at all) < `untrusted` and
 * `on-request` (the MCP client is asked, through elicitation) < `auto-review` (codex's reviewer model
 * decides) < `bypass` (no approvals and no sandbox).
 */
export const APPROVAL_LEVELS = ["never", "untrusted", "on-request", "auto-review", "bypass"] as const;
/** An approval policy name; see {@link APPROVAL_LEVELS}. */
export type ApprovalPolicyName = (typeof APPROVAL_LEVELS)[number];

/** How each approval policy name maps to a codexkit {@link ApprovalMode}. */
export const APPROVAL_MODES: Readonly<Record<ApprovalPolicyName, ApprovalMode>> = {
  never: ApprovalMode.denyAll,
  untrusted: ApprovalMode.askUnlessTrusted,
  "on-request": ApprovalMode.ask,
  "auto-review": ApprovalMode.autoReview,
  bypass: ApprovalMode.dangerouslyBypassApprovalsAndSandbox,
};

/** How each sandbox name maps to a codexkit {@link Sandbox}. */
export const SANDBOXES: Readonly<Record<SandboxName, Sandbox>> = {
  "read-only": Sandbox.readOnly,
  "workspace-write": Sandbox.workspaceWrite,
  "danger-full-access": Sandbox.fullAccess,
};

const APPROVAL_ALIASES: Readonly<Record<string, ApprovalPolicyName>> = {
  denyAll: "never",
  askUnlessTrusted: "untrusted",
  ask: "on-request",
  autoReview: "auto-review",
  auto_review: "auto-review",
  "dangerously-bypass-approvals-and-sandbox": "bypass",
  dangerouslyBypassApprovalsAndSandbox: "bypass",
};
const SANDBOX_ALIASES: Readonly<Record<string, SandboxName>> = {
  readOnly: "read-only",
  workspaceWrite: "workspace-write",
  fullAccess: "danger-full-access",
  "full-access": "danger-full-access",
};

/** Parses an approval policy name (codex's spelling, or a codexkit `ApprovalMode` name). */
export function parseApprovalPolicy(value: string): ApprovalPolicyName {
  const name = (APPROVAL_LEVELS as readonly string[]).includes(value)
    ? (value as ApprovalPolicyName)
    : APPROVAL_ALIASES[value];
  if (!name)
    throw new ConfigurationError(
      `unknown approval policy ${JSON.stringify(value)}; use one of ${APPROVAL_LEVELS.join(", ")}`,
    );
  return name;
}

/** Parses a sandbox name (codex's spelling, or a codexkit `Sandbox` name). */
export function parseSandbox(value: string): SandboxName {
  const name = (SANDBOX_LEVELS as readonly string[]).includes(value)
    ? (value as SandboxName)
    : SANDBOX_ALIASES[value];
  if (!name)
    throw new ConfigurationError(
      `unknown sandbox ${JSON.stringify(value)}; use one of ${SANDBOX_LEVELS.join(", ")}`,
    );
  return name;
}

/** The operator's settings; every field is optional. */
export interface OperatorPolicyOptions {
  /** The most permissive sandbox a caller may ask for, and the default. Default `read-only`. */
  sandbox?: SandboxName;
  /** The most permissive approval policy a caller may ask for, and the default. Default `on-request`. */
  approvalPolicy?: ApprovalPolicyName;
  /** Directories a run's `cwd` must be inside (after resolving symlinks). Default: `process.cwd()`. */
  allowedRoots?: readonly string[];
}

/** What a run will actually use, after the policy was applied. */
export interface EffectiveSettings {
  /** The sandbox the run gets. */
  sandbox: SandboxName;
  /** The approval policy the run gets. */
  approvalPolicy: ApprovalPolicyName;
}

/**
 * The operator's ceiling: allowed roots (resolved with `realpath`, so `..` and symlinks cannot escape them),
 * the highest sandbox and the highest approval policy. A caller may ask for less, never for more.
 *
 * @example
 * ```ts
 * const policy = new OperatorPolicy({ sandbox: "workspace-write", allowedRoots: ["/repo"] });
 * await policy.resolveCwd("/repo/../etc"); // throws PolicyViolationError
 * policy.settingsFor({ sandbox: "danger-full-access" }); // throws PolicyViolationError
 * ```
 */
export class OperatorPolicy {
  /** The highest sandbox a run may get (and the default). */
  readonly sandbox: SandboxName;
  /** The highest approval policy a run may get (and the default). */
  readonly approvalPolicy: ApprovalPolicyName;
  /** The allowed roots, as real paths. The first one is where relative `cwd`s resolve. */
  readonly roots: readonly string[];

  constructor(options: OperatorPolicyOptions = {}) {
    this.sandbox = options.sandbox === undefined ? "read-only" : parseSandbox(options.sandbox);
    this.approvalPolicy =
      options.approvalPolicy === undefined ? "on-request" : parseApprovalPolicy(options.approvalPolicy);
    if (this.approvalPolicy === "bypass" && this.sandbox !== "danger-full-access") {
      throw new ConfigurationError(
        `approval policy "bypass" disables the sandbox; it needs sandbox "danger-full-access" (got "${this.sandbox}")`,
      );
    }
    const roots =
      options.allowedRoots && options.allowedRoots.length > 0 ? options.allowedRoots : [process.cwd()];
    this.roots = [...new Set(roots.map(realRoot))];
  }

  /**
   * Resolves a requested `cwd` (relative ones against the first root) to a real directory inside an
   * allowed root; without one, the first root. Throws {@link PolicyViolationError} otherwise.
   */
  async resolveCwd(requested: string | undefined): Promise<string> {
    if (requested === undefined) return this.roots[0]!;
    const absolute = resolve(this.roots[0]!, requested);
    let real: string;
    try {
      real = await realpath(absolute);
    } catch {
      throw new PolicyViolationError(`cwd ${JSON.stringify(requested)} does not exist`);
    }
    if (!(await stat(real)).isDirectory())
      throw new PolicyViolationError(`cwd ${JSON.stringify(requested)} is not a directory`);
    this.assertInsideRoots(real, `cwd ${JSON.stringify(requested)}`);
    return real;
  }

  /** Whether a real path lies inside one of the allowed roots. */
  isInsideRoots(realPath: string): boolean {
    return this.roots.some((root) => isInside(root, realPath));
  }

  /** Throws {@link PolicyViolationError} unless `realPath` is inside an allowed root. */
  assertInsideRoots(realPath: string, what: string): void {
    if (!this.isInsideRoots(realPath)) {
      throw new PolicyViolationError(
        `${what} resolves to ${realPath}, which is outside the allowed roots (${this.roots.join(", ")}); ` +
          "the operator can allow more with --allow-root",
      );
    }
  }

  /**
   * The settings a run gets: what the caller asked for, or the operator's ceiling when it asked for nothing.
   * Throws {@link PolicyViolationError} when a request exceeds the ceiling.
   */
  settingsFor(request: {
    sandbox?: SandboxName | undefined;
    approvalPolicy?: ApprovalPolicyName | undefined;
  }): EffectiveSettings {
    const sandbox = request.sandbox ?? this.sandbox;
    if (SANDBOX_LEVELS.indexOf(sandbox) > SANDBOX_LEVELS.indexOf(this.sandbox)) {
      throw new PolicyViolationError(
        `sandbox "${sandbox}" is above the operator's ceiling "${this.sandbox}"; ask for ${allowedUpTo(SANDBOX_LEVELS, this.sandbox)}`,
      );
    }
    const approvalPolicy = request.approvalPolicy ?? this.approvalPolicy;
    if (APPROVAL_LEVELS.indexOf(approvalPolicy) > APPROVAL_LEVELS.indexOf(this.approvalPolicy)) {
      throw new PolicyViolationError(
        `approval policy "${approvalPolicy}" is above the operator's ceiling "${this.approvalPolicy}"; ` +
          `ask for ${allowedUpTo(APPROVAL_LEVELS, this.approvalPolicy)}`,
      );
    }
    if (approvalPolicy === "bypass" && sandbox !== "danger-full-access") {
      throw new PolicyViolationError(
        `approval policy "bypass" disables the sandbox, so it cannot run with sandbox "${sandbox}"; ` +
          'ask for a lower approval policy (e.g. "auto-review") to keep the sandbox',
      );
    }
    return { sandbox, approvalPolicy };
  }
}

function allowedUpTo(levels: readonly string[], ceiling: string): string {
  return levels
    .slice(0, levels.indexOf(ceiling) + 1)
    .map((level) => `"${level}"`)
    .join(", ");
}

function realRoot(root: string): string {
  let real: string;
  try {
    real = realpathSync(resolve(root));
  } catch {
    throw new ConfigurationError(`allowed root ${JSON.stringify(root)} does not exist`);
  }
  if (!statSync(real).isDirectory())
    throw new ConfigurationError(`allowed root ${JSON.stringify(root)} is not a directory`);
  return real;
}

/** Whether `path` is `root` or below it (both real, absolute paths). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}
