import type { JsonSchemaObject } from "@codexkit/node";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/server/validators/ajv";
import { InvalidArgumentError } from "./errors.js";
import type { FollowedTurn } from "./follow-turn.js";
import type { ApprovalPolicyName, SandboxName } from "./policy.js";
import type { RunResult } from "./tools/schemas.js";
import { summarizeActions, usageOf } from "./turn-summary.js";

const validators = new AjvJsonSchemaValidator();

/** Checks a final answer against `outputSchema`; returns the problem, or `undefined` when it matches. */
export type OutputValidator = (value: unknown) => string | undefined;

/** What a run's result is made of besides the turn itself. */
export interface RunFacts {
  threadId: string;
  turnId: string;
  cwd: string;
  settings: { sandbox: SandboxName; approvalPolicy: ApprovalPolicyName };
  timedOut: boolean;
  validate: OutputValidator | undefined;
}

/** The `codex_run` result of a turn, from the SDK's `TurnResult` plus the bridge's own facts. */
export function toRunResult(followed: FollowedTurn, facts: RunFacts): RunResult {
  const turn = followed.result;
  const finalResponse = turn?.finalResponse ?? null;
  const status = turn?.status ?? "interrupted";
  const result: RunResult = {
    ...runningResult(facts),
    status,
    finalResponse,
    error:
      turn?.error?.message ??
      (followed.abandoned
        ? "the turn did not confirm the interrupt in time; it may still be stopping"
        : null),
    timedOut: facts.timedOut,
    usage: usageOf(turn?.usage ?? null),
    durationMs: turn?.durationMs ?? null,
    actions: summarizeActions(turn?.items ?? []),
  };
  if (facts.validate && status === "completed") {
    if (finalResponse === null) {
      result.outputError = "the turn produced no final answer";
    } else {
      try {
        const parsed: unknown = JSON.parse(finalResponse);
        const problem = facts.validate(parsed);
        if (problem === undefined) result.output = parsed;
        else result.outputError = `the final answer does not match outputSchema: ${problem}`;
      } catch (error) {
        result.outputError = `the final answer is not valid JSON: ${(error as Error).message}`;
      }
    }
  }
  return result;
}

/** The result of a run that is still going (`status: "running"`; `progress` is added by the caller). */
export function runningResult(facts: Omit<RunFacts, "validate" | "timedOut">): RunResult {
  return {
    threadId: facts.threadId,
    turnId: facts.turnId,
    status: "running",
    finalResponse: null,
    error: null,
    timedOut: false,
    usage: null,
    durationMs: null,
    cwd: facts.cwd,
    sandbox: facts.settings.approvalPolicy === "bypass" ? "danger-full-access" : facts.settings.sandbox,
    approvalPolicy: facts.settings.approvalPolicy,
    actions: summarizeActions([]),
    approvals: [],
  };
}

/** Why an interrupted turn stopped, for the result's `error` (the server reports none for interrupts). */
export function interruptionReason(result: RunResult, signal: AbortSignal): string {
  const refused = result.approvals.find((record) => record.decision === "cancel");
  if (refused) return `stopped: the approval to ${refused.subject} was refused (${refused.decidedBy})`;
  if (result.timedOut || signal.aborted)
    return `interrupted: ${signal.reason instanceof Error ? signal.reason.message : "the run was stopped"}`;
  return "interrupted";
}

/** Compiles `outputSchema` (root `type: "object"`), or throws {@link InvalidArgumentError}. */
export function compileOutputSchema(schema: JsonSchemaObject): OutputValidator {
  if (schema.type !== "object") {
    throw new InvalidArgumentError('outputSchema must be a JSON Schema whose root has "type": "object"');
  }
  try {
    const validator = validators.getValidator(schema);
    return (value) => {
      const result = validator(value);
      return result.valid ? undefined : (result.errorMessage ?? "invalid");
    };
  } catch (error) {
    throw new InvalidArgumentError(`outputSchema is not a valid JSON Schema: ${(error as Error).message}`);
  }
}
