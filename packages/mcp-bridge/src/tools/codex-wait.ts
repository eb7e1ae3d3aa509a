import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { CodexBridge } from "../bridge.js";
import type { BridgeSession } from "../session-scope.js";
import { callProgress, isModernCall } from "./call-channels.js";
import { toolError, toolResult } from "./results.js";
import { runResultSchema } from "./schemas.js";

/** The name of the wait tool. */
export const WAIT_TOOL = "codex_wait";
/** The name of the interrupt tool. */
export const INTERRUPT_TOOL = "codex_interrupt";

/** Longest a single `codex_wait` may wait, in seconds. */
export const MAX_WAIT_SECONDS = 600;

/** The input schema of `codex_wait`. */
export const waitInputSchema = z
  .object({
    turnId: z.string().min(1).describe("The turnId codex_run returned for a wait: false run"),
    timeoutSeconds: z
      .number()
      .min(0)
      .max(MAX_WAIT_SECONDS)
      .optional()
      .describe(
        'Wait at most this long (default 30); then { status: "running", progress } comes back. Keep it below your tool timeout',
      ),
  })
  .strict();

/** The input schema of `codex_interrupt`. */
export const interruptInputSchema = z
  .object({ turnId: z.string().min(1).describe("The turnId codex_run returned for a wait: false run") })
  .strict();

/** Registers `codex_wait` and `codex_interrupt` on `server`. */
export function registerWaitTools(server: McpServer, bridge: CodexBridge, session: BridgeSession): void {
  server.registerTool(
    WAIT_TOOL,
    {
      title: "Wait for a Codex run",
      description:
        "Wait for a codex_run started with wait: false. Returns its final result (as codex_run would), or " +
        '{ status: "running", progress } when it is still going after timeoutSeconds: call again. Sends progress ' +
        "notifications while waiting when the call has a progressToken. Results are kept for a while after the run ends.",
      inputSchema: waitInputSchema,
      outputSchema: runResultSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args, ctx) => {
      // Over 2026-07-28 a run's approval question comes back as an input_required result; the retry answers it.
      const modern = isModernCall(ctx);
      try {
        const state = modern ? ctx.mcpReq.requestState() : undefined;
        if (typeof state === "string")
          bridge.approvalRounds.resume(session, state, ctx.mcpReq.inputResponses);
        const run = modern ? bridge.backgroundRuns.run(session, args.turnId) : undefined;
        const reporter = callProgress(bridge, ctx, run?.progress.progressSent ?? 0);
        try {
          const timeoutMs = Math.round((args.timeoutSeconds ?? 30) * 1000);
          const result = await bridge.backgroundRuns.wait(session, args.turnId, timeoutMs, reporter, modern);
          const question = result.status === "running" ? run?.questions?.next() : undefined;
          if (run && question) return bridge.approvalRounds.ask(session, run, question);
          return toolResult(result);
        } finally {
          await reporter?.close();
          if (run && reporter)
            run.progress.progressSent = Math.max(run.progress.progressSent, reporter.lastProgress);
        }
      } catch (error) {
        return toolError(WAIT_TOOL, error, bridge);
      }
    },
  );
  server.registerTool(
    INTERRUPT_TOOL,
    {
      title: "Interrupt a Codex run",
      description:
        "Stop a codex_run started with wait: false (turn/interrupt). Returns the run's result once the turn has " +
        "stopped (status interrupted, with what it did so far); the thread stays usable.",
      inputSchema: interruptInputSchema,
      outputSchema: runResultSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    async (args) => {
      try {
        return toolResult(
          await bridge.backgroundRuns.interrupt(session, args.turnId, bridge.limits.interruptGraceMs + 1000),
        );
      } catch (error) {
        return toolError(INTERRUPT_TOOL, error, bridge);
      }
    },
  );
}
