import { AbortError, type JsonSchemaObject, type TurnHandle } from "@codexkit/node";
import { createApprovalForwarder, type Elicit } from "./approvals.js";
import type { CodexBridge } from "./bridge.js";
import { InvalidArgumentError, RunAbortedError } from "./errors.js";
import { followTurn } from "./follow-turn.js";
import { APPROVAL_MODES, type ApprovalPolicyName, SANDBOXES, type SandboxName } from "./policy.js";
import type { QuestionQueue } from "./question-queue.js";
import { RunProgress } from "./run-progress.js";
import { compileOutputSchema, interruptionReason, toRunResult } from "./run-result.js";
import type { BridgeSession } from "./session-scope.js";
import type { StartedRun } from "./started-run.js";
import type { RunResult } from "./tools/schemas.js";

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

/** The MCP side of a run: what stops it, where its progress goes, how approvals reach the client. */
export interface RunContext {
  /** Interrupts the run when it aborts (the call's signal; none for a run that outlives its call). */
  signal?: AbortSignal | undefined;
  /** The run's progress (followers are added and removed as calls wait for it). Default: a new one. */
  progress?: RunProgress | undefined;
  /** Asks the client an approval question; without it approvals are refused. */
  elicit?: Elicit | undefined;
  /** Where its questions wait for a 2026-07-28 client (whose `elicit` is the queue's). */
  questions?: QuestionQueue | undefined;
}

/**
 * Starts one turn for an MCP call: checks the request against the operator policy and the limits (nothing
 * starts when it is refused), opens or starts the thread, starts the turn with the effective sandbox and
 * approval mode, and resolves once the turn has started. The run then streams its events into progress,
 * answers approvals through the client, and settles `done` with the result. The context's signal, the
 * operator timeout, shutdown or the session's end interrupt the turn (`TurnHandle`'s own abort handling).
 */
export async function startRun(
  bridge: CodexBridge,
  session: BridgeSession,
  request: RunRequest,
  context: RunContext,
): Promise<StartedRun> {
  const bytes = Buffer.byteLength(request.prompt, "utf8");
  if (request.prompt.trim() === "") throw new InvalidArgumentError("prompt must not be empty");
  if (bytes > bridge.limits.maxPromptBytes) {
    throw new InvalidArgumentError(
      `prompt is ${bytes} bytes; the operator's limit is ${bridge.limits.maxPromptBytes} bytes (--max-prompt-bytes)`,
    );
  }
  const validate = request.outputSchema ? compileOutputSchema(request.outputSchema) : undefined;
  const settings = bridge.policy.settingsFor(request);
  const progress = context.progress ?? new RunProgress();

  let onStarted: (run: StartedRun) => void = () => {};
  const started = new Promise<StartedRun>((resolve) => {
    onStarted = resolve;
  });
  const done: Promise<RunResult> = bridge.track(session, async (controller) => {
    const onCallAbort = () => controller.abort(new AbortError("the MCP client cancelled the call"));
    if (context.signal?.aborted) onCallAbort();
    context.signal?.addEventListener("abort", onCallAbort, { once: true });
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
        onAsk: (subject) => progress.report(`waiting for approval to ${subject}`),
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
      onStarted({
        threadId: thread.id,
        turnId: handle.id,
        cwd,
        settings,
        controller,
        progress,
        done,
        questions: context.questions,
      });
      const followed = await followTurn(handle, {
        observe: (notification) => progress.notification(notification),
        signal: controller.signal,
        graceMs: bridge.limits.interruptGraceMs,
      });
      await progress.flush();
      const facts = { threadId: thread.id, turnId: handle.id, cwd, settings, timedOut, validate };
      const result = toRunResult(followed, facts);
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
      context.signal?.removeEventListener("abort", onCallAbort);
    }
  });
  // Before the turn has started, a failure of the run is the failure of the start.
  return Promise.race([started, done.then(() => started)]);
}

/** Runs one turn to its end (see {@link startRun}) and returns its result. */
export async function runTurn(
  bridge: CodexBridge,
  session: BridgeSession,
  request: RunRequest,
  context: RunContext,
): Promise<RunResult> {
  return (await startRun(bridge, session, request, context)).done;
}
