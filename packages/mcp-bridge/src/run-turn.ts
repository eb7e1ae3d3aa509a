import { AbortError, finalResponseOf, type JsonSchemaObject, type TurnHandle } from "@codexkit/node";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { createApprovalForwarder, type Elicit } from "./approvals.js";
import type { CodexBridge } from "./bridge.js";
import { InvalidArgumentError, RunAbortedError } from "./errors.js";
import { APPROVAL_MODES, type ApprovalPolicyName, SANDBOXES, type SandboxName } from "./policy.js";
import type { ProgressReporter } from "./progress.js";
import type { BridgeSession } from "./session-scope.js";
import type { RunResult } from "./tools/schemas.js";
import { type CollectedTurn, collectTurn } from "./turn-stream.js";
import { summarizeActions, usageOf } from "./turn-summary.js";

/** What a caller asks `codex_run` for. */
export interface RunRequest {
  prompt: string;
  threadId?: string | undefined;
  cwd?: string | undefined;
  model?: string | undefined;
  outputSchema?: JsonSchemaObject | undefined;
  sandbox?: SandboxName | undefined;
  approvalPolicy?: ApprovalPolicyName | undefined;
}

/** The MCP side of one call: its cancel signal, progress reporter and elicitation channel. */
export interface RunContext {
  signal: AbortSignal;
  progress?: ProgressReporter | undefined;
  elicit?: Elicit | undefined;
}

const validators = new AjvJsonSchemaValidator();

/**
 * Runs one turn for an MCP call: checks the request against the operator policy (nothing starts when it
 * is refused), opens or starts the thread, starts the turn with the effective sandbox and approval mode,
 * streams its events into progress, answers approvals through the client, and collects the result.
 * A cancelled call, the operator timeout or shutdown interrupts the turn (`turn/interrupt`).
 */
export async function runTurn(
  bridge: CodexBridge,
  session: BridgeSession,
  request: RunRequest,
  context: RunContext,
): Promise<RunResult> {
  const bytes = Buffer.byteLength(request.prompt, "utf8");
  if (request.prompt.trim() === "") throw new InvalidArgumentError("prompt must not be empty");
  if (bytes > bridge.limits.maxPromptBytes) {
    throw new InvalidArgumentError(
      `prompt is ${bytes} bytes; the operator's limit is ${bridge.limits.maxPromptBytes} bytes (--max-prompt-bytes)`,
    );
  }
  const validate = request.outputSchema ? compileOutputSchema(request.outputSchema) : undefined;
  const settings = bridge.policy.settingsFor(request);

  return bridge.track(session, async (controller) => {
    const onCallAbort = () => controller.abort(new AbortError("the MCP client cancelled the call"));
    if (context.signal.aborted) onCallAbort();
    context.signal.addEventListener("abort", onCallAbort, { once: true });
    let timedOut = false;
    const timer =
      bridge.limits.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort(
              new AbortError(`the run exceeded the operator's timeout of ${bridge.limits.timeoutMs} ms`),
            );
          }, bridge.limits.timeoutMs)
        : undefined;
    try {
      const model = request.model ?? bridge.defaultModel;
      const { thread, cwd } = await bridge.openThread(
        session,
        { threadId: request.threadId, cwd: request.cwd, model },
        settings,
      );
      const approvals = createApprovalForwarder({
        elicit: context.elicit,
        timeoutMs: bridge.limits.approvalTimeoutMs,
        signal: controller.signal,
        onAsk: (subject) => {
          context.progress?.report(`waiting for approval to ${subject}`);
          void context.progress?.flush();
        },
        onDecision: (record) =>
          bridge.logger.info(`approval ${record.kind}: ${record.decision} (by ${record.decidedBy})`),
      });
      bridge.logger.info(
        `run: thread ${request.threadId ?? thread.id}${request.threadId ? "" : " (new)"}, sandbox ${settings.sandbox}, ` +
          `approval ${settings.approvalPolicy}, prompt ${bytes} bytes`,
      );
      let handle: TurnHandle;
      try {
        handle = await thread.turn(request.prompt, {
          cwd,
          ...(model ? { model } : {}),
          approvalMode: APPROVAL_MODES[settings.approvalPolicy],
          ...(settings.approvalPolicy === "bypass" ? {} : { sandboxPolicy: SANDBOXES[settings.sandbox] }),
          ...(request.outputSchema ? { outputSchema: request.outputSchema } : {}),
          signal: controller.signal,
          onApproval: approvals.handler,
        });
      } catch (error) {
        if (error instanceof AbortError) {
          throw new RunAbortedError(
            timedOut
              ? "the run timed out before its turn started"
              : "the call was cancelled before its turn started",
          );
        }
        throw error;
      }
      bridge.rememberCwd(thread.id, cwd);
      const collected = await collectTurn(handle, {
        progress: context.progress,
        signal: controller.signal,
        graceMs: bridge.limits.interruptGraceMs,
      });
      await context.progress?.flush();
      const result = toResult(collected, { threadId: thread.id, cwd, settings, timedOut, validate });
      result.approvals = approvals.records;
      if (result.status === "interrupted" && result.error === null)
        result.error = interruptionReason(result, controller.signal);
      bridge.logger.info(
        `run finished: thread ${thread.id}, ${result.status}${timedOut ? " (timed out)" : ""}, ` +
          `${result.actions.commands.length} command(s), ${result.actions.fileChanges.length} file change(s)`,
      );
      return result;
    } finally {
      clearTimeout(timer);
      context.signal.removeEventListener("abort", onCallAbort);
    }
  });
}

function toResult(
  collected: CollectedTurn,
  context: {
    threadId: string;
    cwd: string;
    settings: { sandbox: SandboxName; approvalPolicy: ApprovalPolicyName };
    timedOut: boolean;
    validate: ((value: unknown) => string | undefined) | undefined;
  },
): RunResult {
  const { turn } = collected;
  const finalResponse = finalResponseOf(collected.items) ?? null;
  const status = turn?.status ?? "interrupted";
  const result: RunResult = {
    threadId: context.threadId,
    turnId: collected.turnId,
    status,
    finalResponse,
    error:
      turn?.error?.message ??
      (collected.abandoned
        ? "the turn did not confirm the interrupt in time; it may still be stopping"
        : null),
    timedOut: context.timedOut,
    usage: usageOf(collected.usage),
    durationMs: turn?.durationMs ?? null,
    cwd: context.cwd,
    sandbox: context.settings.approvalPolicy === "bypass" ? "danger-full-access" : context.settings.sandbox,
    approvalPolicy: context.settings.approvalPolicy,
    actions: summarizeActions(collected.items),
    approvals: [],
  };
  if (context.validate && status === "completed") {
    if (finalResponse === null) {
      result.outputError = "the turn produced no final answer";
    } else {
      try {
        const parsed: unknown = JSON.parse(finalResponse);
        const problem = context.validate(parsed);
        if (problem === undefined) result.output = parsed;
        else result.outputError = `the final answer does not match outputSchema: ${problem}`;
      } catch (error) {
        result.outputError = `the final answer is not valid JSON: ${(error as Error).message}`;
      }
    }
  }
  return result;
}

/** Why an interrupted turn stopped, for the result's `error` (the server reports none for interrupts). */
function interruptionReason(result: RunResult, signal: AbortSignal): string {
  const refused = result.approvals.find((record) => record.decision === "cancel");
  if (refused) return `stopped: the approval to ${refused.subject} was refused (${refused.decidedBy})`;
  if (result.timedOut || signal.aborted)
    return `interrupted: ${signal.reason instanceof Error ? signal.reason.message : "the run was stopped"}`;
  return "interrupted";
}

function compileOutputSchema(schema: JsonSchemaObject): (value: unknown) => string | undefined {
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
