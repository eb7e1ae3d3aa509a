import { AbortError } from "@codexkit/node";
import type { CallToolResult, InputRequiredResult } from "@modelcontextprotocol/server";
import type { CodexBridge } from "../bridge.js";
import type { ProgressReporter } from "../progress.js";
import type { BridgeSession } from "../session-scope.js";
import type { StartedRun } from "../started-run.js";
import { type CallContext, callProgress } from "./call-channels.js";
import { toolError, toolResult } from "./results.js";

/**
 * Follows `run` for one round of a 2026-07-28 call: until the run ends (its result), or until it has an
 * approval question for the client (an `input_required` result carrying it; the client's retry answers it and
 * follows the run further: `CodexBridge.approvalRounds`). The call's progress and cancel apply to the round: the
 * progress of one token keeps increasing over the rounds, and cancelling a round interrupts the run. `follower`:
 * the call's progress reporter when the caller made it (and made it follow the run) before the run started.
 */
export async function followRound(
  tool: string,
  bridge: CodexBridge,
  session: BridgeSession,
  run: StartedRun,
  ctx: CallContext,
  follower?: ProgressReporter,
): Promise<CallToolResult | InputRequiredResult> {
  const reporter = follower ?? callProgress(bridge, ctx, run.progress.progressSent);
  const stopFollowing = run.progress.follow(reporter);
  const signal = ctx.mcpReq.signal;
  const onAbort = () => run.controller.abort(new AbortError("the MCP client cancelled the call"));
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const asked = run.questions?.asked();
      const outcome = await Promise.race([
        run.done.then((result) => ({ result })),
        ...(asked ? [asked.promise.then(() => ({ result: undefined }))] : []),
      ]).finally(() => asked?.stop());
      if (outcome.result) return toolResult(outcome.result);
      const question = run.questions?.next();
      if (question) return bridge.approvalRounds.ask(session, run, question);
    }
  } catch (error) {
    return toolError(tool, error, bridge);
  } finally {
    signal.removeEventListener("abort", onAbort);
    stopFollowing();
    await reporter?.close();
    if (reporter) run.progress.progressSent = Math.max(run.progress.progressSent, reporter.lastProgress);
  }
}
