import type {
  CallToolResult,
  InputRequiredResult,
  McpServer,
  RegisteredTool,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import type { CodexBridge } from "../bridge.js";
import { APPROVAL_LEVELS, SANDBOX_LEVELS } from "../policy.js";
import { RunProgress } from "../run-progress.js";
import { runningResult } from "../run-result.js";
import { runTurn, startRun } from "../run-turn.js";
import type { BridgeSession } from "../session-scope.js";
import type { StartedRun } from "../started-run.js";
import { withRemoteParent } from "../trace-context.js";
import {
  type CallContext,
  callElicit,
  callProgress,
  callQuestions,
  isModernCall,
  sessionElicit,
} from "./call-channels.js";
import { toolError, toolResult } from "./results.js";
import { followRound } from "./rounds.js";
import { runResultSchema } from "./schemas.js";

/** The name of the run tool. */
export const RUN_TOOL = "codex_run";

/** The input schema of `codex_run` (the descriptions name the operator's ceiling). */
export function runInputSchema(bridge: CodexBridge) {
  const { policy } = bridge;
  return z
    .object({
      prompt: z.string().min(1).describe("The task or question for Codex, in plain language"),
      threadId: z
        .string()
        .min(1)
        .optional()
        .describe(
          "Continue this conversation (a threadId from an earlier codex_run or codex_list_threads); omit to start a new one",
        ),
      cwd: z
        .string()
        .min(1)
        .optional()
        .describe(
          `Working directory; must be inside the allowed roots (${policy.roots.join(", ")}). Relative paths resolve against ` +
            "the first root. Default: the thread's directory, or the first root for a new thread",
        ),
      model: z.string().min(1).optional().describe("Model to use (default: the operator's)"),
      outputSchema: z
        .record(z.string(), z.unknown())
        .optional()
        .describe(
          'A JSON Schema (root "type": "object") the final answer must follow; the parsed answer is returned as `output`',
        ),
      sandbox: z
        .enum(SANDBOX_LEVELS)
        .optional()
        .describe(`What commands may touch; at most "${policy.sandbox}" (the default)`),
      approvalPolicy: z
        .enum(APPROVAL_LEVELS)
        .optional()
        .describe(
          `Who approves actions outside the sandbox; at most "${policy.approvalPolicy}" (the default). ` +
            "never < untrusted, on-request (you are asked, if you support elicitation) < auto-review < bypass",
        ),
      wait: z
        .boolean()
        .optional()
        .describe(
          'false: return { threadId, turnId, status: "running" } as soon as the turn has started, and get the result ' +
            "with codex_wait (use this when your tool calls time out before Codex finishes). Default true",
        ),
    })
    .strict();
}

/** The arguments of `codex_run`, as validated. */
export type RunArgs = z.infer<ReturnType<typeof runInputSchema>>;

/**
 * Registers `codex_run` on `server`: a call waits for the run, or returns at once with `wait: false`. Approval
 * questions go to a 2025-era client as elicitation requests, and to a 2026-07-28 client as `input_required`
 * results (see {@link followRound}). (On a 2025-era connection, task-augmented calls are served by
 * `LegacyTasks` before they reach the server.)
 */
export function registerRunTool(
  server: McpServer,
  bridge: CodexBridge,
  session: BridgeSession,
): RegisteredTool {
  /** A call over protocol revision 2026-07-28: a new run, or a retry that answers the run's question. */
  const modernCall = async (
    args: RunArgs,
    ctx: CallContext,
  ): Promise<CallToolResult | InputRequiredResult> => {
    const state = ctx.mcpReq.requestState();
    if (typeof state === "string") {
      let run: StartedRun;
      try {
        run = bridge.approvalRounds.resume(session, state, ctx.mcpReq.inputResponses);
      } catch (error) {
        return toolError(RUN_TOOL, error, bridge);
      }
      return followRound(RUN_TOOL, bridge, session, run, ctx);
    }
    const questions = callQuestions(ctx);
    const reporter = callProgress(bridge, ctx);
    const progress = new RunProgress();
    const stopFollowing = progress.follow(reporter);
    let run: StartedRun;
    try {
      run = await startRun(bridge, session, args, { progress, elicit: questions?.elicit, questions });
    } catch (error) {
      stopFollowing();
      await reporter?.close();
      return toolError(RUN_TOOL, error, bridge);
    }
    if (args.wait !== false) {
      stopFollowing(); // followRound follows it (with the same reporter) from here on
      return followRound(RUN_TOOL, bridge, session, run, ctx, reporter);
    }
    bridge.backgroundRuns.add(session, run);
    stopFollowing();
    await reporter?.close();
    if (reporter) progress.progressSent = reporter.lastProgress;
    return toolResult({ ...runningResult(run), progress: progress.snapshot() });
  };
  const call = async (args: RunArgs, ctx: CallContext): Promise<CallToolResult | InputRequiredResult> => {
    if (isModernCall(ctx)) return modernCall(args, ctx);
    const reporter = callProgress(bridge, ctx);
    const progress = new RunProgress();
    const stopFollowing = progress.follow(reporter);
    try {
      if (args.wait === false) {
        const run = await startRun(bridge, session, args, { progress, elicit: sessionElicit(server) });
        bridge.backgroundRuns.add(session, run);
        return toolResult({ ...runningResult(run), progress: progress.snapshot() });
      }
      const result = await runTurn(bridge, session, args, {
        signal: ctx.mcpReq.signal,
        progress,
        elicit: callElicit(server, ctx),
      });
      return toolResult(result);
    } catch (error) {
      return toolError(RUN_TOOL, error, bridge);
    } finally {
      stopFollowing();
      await reporter?.close();
    }
  };
  /** The call in the context of the host's span (`_meta.traceparent`), so the run, even a background one, continues its trace. */
  const tracedCall = (args: RunArgs, ctx: CallContext): Promise<CallToolResult | InputRequiredResult> =>
    withRemoteParent(ctx.mcpReq._meta, bridge.logger, () => call(args, ctx));
  return server.registerTool(
    RUN_TOOL,
    {
      title: "Run a Codex task",
      description:
        "Delegate a coding task or question to Codex (OpenAI's coding agent) and wait for its answer. Returns the " +
        "final response, the commands it ran and the files it changed, token usage, and a threadId to continue the " +
        "conversation. Sends progress notifications when the call has a progressToken; cancelling the call stops the turn. " +
        "For long tasks run it as an MCP task, or pass wait: false and poll codex_wait.",
      inputSchema: runInputSchema(bridge),
      outputSchema: runResultSchema,
      annotations: {
        readOnlyHint: false,
        destructiveHint: bridge.policy.sandbox !== "read-only",
        openWorldHint: true,
      },
    },
    tracedCall,
  );
}
