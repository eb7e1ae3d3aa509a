import { z } from "zod";
import type { ApprovalRecord } from "../approvals.js";
import { APPROVAL_LEVELS, type ApprovalPolicyName, SANDBOX_LEVELS, type SandboxName } from "../policy.js";
import type { ProgressSnapshot } from "../run-progress.js";
import type { ActionsSummary, UsageSummary } from "../turn-summary.js";

/** A command the agent ran. */
export const commandSchema = z.object({
  command: z.string().describe("The command line (without codex's login-shell wrapper)"),
  status: z.string().describe("completed, failed, declined or inProgress"),
  exitCode: z.number().int().nullable(),
});

/** A file the agent changed. */
export const fileChangeSchema = z.object({
  path: z.string(),
  kind: z.enum(["add", "delete", "update"]),
  status: z.string().describe("completed, failed, declined or inProgress"),
});

/** What a turn did. */
export const actionsSchema = z
  .object({
    commands: z.array(commandSchema),
    fileChanges: z.array(fileChangeSchema),
    toolCalls: z.array(z.object({ server: z.string(), tool: z.string(), status: z.string() })),
    webSearches: z.array(z.string()),
  })
  .describe("A compact list of what the turn did");

/** Token usage of one turn. */
export const usageSchema = z
  .object({
    inputTokens: z.number().int(),
    cachedInputTokens: z.number().int(),
    outputTokens: z.number().int(),
    reasoningOutputTokens: z.number().int(),
    totalTokens: z.number().int(),
  })
  .nullable();

/** How an approval request was decided. */
export const approvalSchema = z.object({
  kind: z.enum(["commandExecution", "fileChange", "permissions"]),
  subject: z.string(),
  decision: z.enum(["accept", "acceptForSession", "decline", "cancel"]),
  decidedBy: z.enum(["client", "policy", "timeout", "error"]),
});

/** A turn's status as codex reports it. */
export const turnStatusSchema = z.enum(["completed", "interrupted", "failed", "inProgress"]);

/** A run's status: a turn status, or `running` for a run that has not ended yet (`wait: false`, `codex_wait`). */
export const runStatusSchema = z.enum(["completed", "interrupted", "failed", "inProgress", "running"]);

/** Where a running run stands. */
export const progressSnapshotSchema = z.object({
  message: z.string().nullable().describe("The latest progress message, e.g. `running: npm test`"),
  events: z.number().int().describe("How many progress events the run has had"),
  elapsedMs: z.number().describe("Milliseconds since the run started"),
});

/** The structured result of `codex_run` and `codex_wait`. */
export const runResultSchema = z.object({
  threadId: z.string().describe("Pass it back as threadId to continue this conversation"),
  turnId: z.string().describe("Pass it to codex_wait / codex_interrupt for a run started with wait: false"),
  status: runStatusSchema.describe('"running" while a wait: false run has not ended (poll with codex_wait)'),
  progress: progressSnapshotSchema.optional().describe('Where the run stands, when status is "running"'),
  finalResponse: z.string().nullable().describe("The agent's final answer"),
  output: z
    .unknown()
    .optional()
    .describe("The final answer parsed as JSON, when outputSchema was given and it validated"),
  outputError: z
    .string()
    .optional()
    .describe("Why the final answer did not parse or validate against outputSchema"),
  error: z.string().nullable().describe("Why the turn failed or stopped, when it did"),
  timedOut: z.boolean().describe("True when the operator's --timeout interrupted the turn"),
  usage: usageSchema,
  durationMs: z.number().nullable(),
  cwd: z.string().describe("The directory the turn ran in"),
  sandbox: z.enum(SANDBOX_LEVELS),
  approvalPolicy: z.enum(APPROVAL_LEVELS),
  actions: actionsSchema,
  approvals: z.array(approvalSchema).describe("Approval requests during the turn and how they were decided"),
}) satisfies z.ZodType<RunResult>;

/** What `codex_run` returns as `structuredContent`. */
export interface RunResult {
  /** The thread; pass it back as `threadId` to continue the conversation. */
  threadId: string;
  /** Where the run stands, when `status` is `running`. */
  progress?: ProgressSnapshot;
  /** The turn this call ran. */
  turnId: string;
  /** How the turn ended. */
  status: "completed" | "interrupted" | "failed" | "inProgress" | "running";
  /** The agent's final answer, if it gave one. */
  finalResponse: string | null;
  /** The final answer parsed as JSON, when `outputSchema` was given and the answer validated. */
  output?: unknown;
  /** Why the final answer did not parse or validate against `outputSchema`. */
  outputError?: string;
  /** Why the turn failed or stopped, when it did. */
  error: string | null;
  /** Whether the operator's `--timeout` interrupted the turn. */
  timedOut: boolean;
  /** Token usage of this turn, if reported. */
  usage: UsageSummary | null;
  /** How long the turn ran, as the server measured it. */
  durationMs: number | null;
  /** The directory the turn ran in. */
  cwd: string;
  /** The sandbox the turn ran with. */
  sandbox: SandboxName;
  /** The approval policy the turn ran with. */
  approvalPolicy: ApprovalPolicyName;
  /** What the turn did. */
  actions: ActionsSummary;
  /** Approval requests during the turn and how they were decided. */
  approvals: ApprovalRecord[];
}

/** One thread in `codex_list_threads`. */
export const threadSummarySchema = z.object({
  threadId: z.string(),
  name: z.string().nullable(),
  preview: z.string().describe("Usually the start of the first prompt"),
  cwd: z.string(),
  status: z.string().describe("idle, active, notLoaded or systemError"),
  model: z.string().nullable(),
  createdAt: z.string().describe("ISO 8601"),
  updatedAt: z.string().describe("ISO 8601"),
});

/** One turn in `codex_read_thread`. */
export const turnSummarySchema = z.object({
  turnId: z.string(),
  status: turnStatusSchema,
  prompt: z.string(),
  finalResponse: z.string().nullable(),
  error: z.string().nullable(),
  startedAt: z.string().nullable().describe("ISO 8601"),
  durationMs: z.number().nullable(),
  actions: actionsSchema,
});
