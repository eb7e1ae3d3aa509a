import type {
  ApprovalMode,
  CollaborationMode,
  Personality,
  ReasoningEffort,
  ReasoningSummary,
  SandboxPolicy,
  SandboxSetting,
} from "@codexkit/core";
import type { RequestHandlers } from "../approvals/approvals.js";
import {
  checkHandlers,
  checkJsonObject,
  checkOneOf,
  checkOptionsObject,
  checkSignal,
  checkStrings,
  PERSONALITIES,
} from "../internal/validation.js";
import type { OutputSchema } from "./output-schema.js";

/** Options of one turn (`thread.run` / `thread.turn`). Omitted settings keep the thread's current ones. */
export interface TurnOptions<S extends OutputSchema | undefined = OutputSchema | undefined>
  extends RequestHandlers {
  /** Approval mode for this and later turns. */
  approvalMode?: ApprovalMode;
  /** Working directory for this and later turns. */
  cwd?: string;
  /** Reasoning effort for this and later turns. */
  effort?: ReasoningEffort;
  /** Model for this and later turns. */
  model?: string;
  /** Constrains the final answer to a JSON Schema (object or zod schema); the parsed value is `result.output`. */
  outputSchema?: S;
  /** Personality for this and later turns. */
  personality?: Personality;
  /** Sandbox for this and later turns: a `Sandbox` value (or codex's spelling of one) or a full wire `SandboxPolicy`. */
  sandboxPolicy?: SandboxSetting | SandboxPolicy;
  /** Service tier for this and later turns. */
  serviceTier?: string;
  /** Reasoning summary mode for this and later turns. */
  summary?: ReasoningSummary;
  /** Collaboration mode (e.g. `{ mode: "plan", settings }`, where the agent may ask questions) for this and later turns. */
  collaborationMode?: CollaborationMode;
  /** Aborting interrupts the turn (`turn/interrupt`); an already-aborted signal sends nothing. */
  signal?: AbortSignal;
}

/** Options of {@link Thread.startGoal} and {@link Thread.runGoal}. */
export interface GoalOptions {
  /**
   * Aborting pauses the goal, interrupts its running turn and rejects with `TurnAbortedError` (a plain
   * `AbortError`, its base class, when the goal's first turn had not started yet).
   */
  signal?: AbortSignal;
}

/** The `ReasoningSummary` values of the pinned protocol. */
export const REASONING_SUMMARIES = [
  "auto",
  "concise",
  "detailed",
  "none",
] as const satisfies readonly ReasoningSummary[];

/** Turn options (input, approval mode, sandbox and output schema are checked where they are mapped). */
export function checkTurnOptions(options: unknown): void {
  checkOptionsObject(options, "turn options");
  if (options === undefined) return;
  const { summary, personality, signal, collaborationMode } = options as Record<string, unknown>;
  checkStrings(options, ["cwd", "model", "serviceTier", "effort"]);
  checkOneOf(summary, "summary", REASONING_SUMMARIES);
  checkOneOf(personality, "personality", PERSONALITIES);
  checkSignal(signal);
  checkJsonObject(collaborationMode, "collaborationMode");
  checkHandlers(options);
}
