import type { ApprovalsReviewer, AskForApproval, ReasoningEffort, SandboxPolicy } from "@codexkit/core";

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
