import {
  type ApprovalMode,
  type ApprovalsReviewer,
  type AskForApproval,
  InvalidInputError,
  type Personality,
  type ReasoningEffort,
  type SandboxPolicy,
  type SandboxSetting,
} from "@codexkit/core";
import type { RequestHandlers } from "../approvals/approvals.js";
import {
  checkBooleans,
  checkHandlers,
  checkJsonObject,
  checkOneOf,
  checkOptionsObject,
  checkStrings,
  PERSONALITIES,
  refuse,
} from "../internal/validation.js";
import type { ToolEntry } from "../tools/toolset.js";

/** A JSON object (config overrides). */
export type JsonObject = { [key: string]: unknown };

/** Settings shared by `threadStart`, `threadResume` and `threadFork`. */
export interface ThreadSettings extends RequestHandlers {
  /** Approval mode. `threadStart` defaults to `autoReview`; resume/fork keep the stored one when omitted. */
  approvalMode?: ApprovalMode;
  /** Replaces the model's base instructions. */
  baseInstructions?: string;
  /** Config overrides for this thread (`config.toml` keys). */
  config?: JsonObject;
  /** Working directory of the thread's turns. */
  cwd?: string;
  /** Extra developer instructions added to the conversation. */
  developerInstructions?: string;
  /** Model, e.g. `gpt-5.5`. */
  model?: string;
  /** Model provider id from `config.toml` (`model_providers`). */
  modelProvider?: string;
  /** The agent's personality. */
  personality?: Personality;
  /** What the agent's commands may touch: a `Sandbox` value (codex's `"workspace-write"` spelling is accepted too). */
  sandbox?: SandboxSetting;
  /** Service tier of the model requests. */
  serviceTier?: string;
  /**
   * Tools (from `tool()` / `toolset()`) the agent can call, added to the client's `tools` (same name: this
   * one wins). Tools are fixed when a thread starts and stored with it: on resume and fork, pass the same
   * tools to bind their implementations (the server does not report the stored names to check against).
   * The server unloading the thread (`thread/closed`) unbinds them; the same `Thread` object binds them
   * again when its next operation resumes the thread.
   */
  tools?: readonly ToolEntry[];
}

/** Options of {@link Codex.threadStart}. */
export interface ThreadStartOptions extends ThreadSettings {
  /**
   * No rollout on disk (less app-server CPU per turn). Turns work as usual and `thread.info.ephemeral` is
   * true, but the thread is not listed by `threadList`, `threadResume`/`threadFork` refuse it with
   * {@link ThreadNotStoredError} (even while it is loaded), and it is gone once the app-server unloads it or
   * restarts: keep the {@link Thread} object. Default false; true with the `"throughput"` preset.
   */
  ephemeral?: boolean;
  /** Names the service that started the thread (recorded with it). */
  serviceName?: string;
}
/** Options of {@link Codex.threadResume}. */
export interface ThreadResumeOptions extends ThreadSettings {}
/** Options of {@link Codex.threadFork}. */
export interface ThreadForkOptions extends ThreadSettings {
  /** The fork is not persisted: not listed, cannot be resumed or forked (see {@link ThreadStartOptions.ephemeral}). */
  ephemeral?: boolean;
}

const WIRE_KEYS = [
  "baseInstructions",
  "config",
  "cwd",
  "developerInstructions",
  "model",
  "modelProvider",
  "personality",
  "serviceTier",
  "ephemeral",
  "serviceName",
] as const;

/** The `thread/start|resume|fork` wire fields set in `options`. */
export function wireFields(options: ThreadStartOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of WIRE_KEYS) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Thread start/resume/fork settings (approval mode and sandbox are checked where they are mapped). */
export function checkThreadSettings(options: unknown): void {
  checkOptionsObject(options, "thread options");
  if (options === undefined) return;
  // (null would otherwise read as "not given" where a default applies)
  for (const key of ["approvalMode", "sandbox"]) {
    const value = (options as Record<string, unknown>)[key];
    if (value === null) refuse(key, "a string", value);
  }
  checkStrings(options, [
    "baseInstructions",
    "cwd",
    "developerInstructions",
    "model",
    "modelProvider",
    "serviceTier",
    "serviceName",
  ]);
  checkOneOf((options as { personality?: unknown }).personality, "personality", PERSONALITIES);
  checkBooleans(options, ["ephemeral"]);
  checkJsonObject((options as { config?: unknown }).config, "config");
  checkHandlers(options);
}

/** Refuses a thread id that is not a non-empty string. */
export function checkThreadId(threadId: unknown): asserts threadId is string {
  if (typeof threadId !== "string" || threadId.trim() === "") {
    throw new InvalidInputError(
      `threadId must be a non-empty string, got ${threadId === null ? "null" : typeof threadId}`,
    );
  }
}

/**
 * The settings a thread runs with, as the server reported them when the thread was started, resumed or
 * forked (later turns may change them; `thread.read()` does not return them).
 */
export interface ThreadRuntimeSettings {
  /** The model. */
  model: string;
  /** The model provider id. */
  modelProvider: string;
  /** The working directory. */
  cwd: string;
  /** The approval policy on the wire (`never`, `on-request`, `untrusted`, …). */
  approvalPolicy: AskForApproval;
  /** Who reviews approval requests (`user`, `auto_review`, …). */
  approvalsReviewer: ApprovalsReviewer;
  /** The sandbox policy. */
  sandbox: SandboxPolicy;
  /** The reasoning effort, when set. */
  reasoningEffort: ReasoningEffort | null;
  /** The service tier, when set. */
  serviceTier: string | null;
}

/** Picks {@link ThreadRuntimeSettings} out of a `thread/start`, `thread/resume` or `thread/fork` response. */
export function threadSettingsOf(response: ThreadRuntimeSettings): ThreadRuntimeSettings {
  const {
    model,
    modelProvider,
    cwd,
    approvalPolicy,
    approvalsReviewer,
    sandbox,
    reasoningEffort,
    serviceTier,
  } = response;
  return {
    model,
    modelProvider,
    cwd,
    approvalPolicy,
    approvalsReviewer,
    sandbox,
    reasoningEffort,
    serviceTier,
  };
}
