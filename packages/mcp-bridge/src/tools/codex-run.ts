import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ElicitResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Elicit } from "../approvals.js";
import type { CodexBridge } from "../bridge.js";
import { APPROVAL_LEVELS, SANDBOX_LEVELS } from "../policy.js";
import { ProgressReporter } from "../progress.js";
import { runTurn } from "../run-turn.js";
import type { BridgeSession } from "../session-scope.js";
import { toolError, toolResult } from "./results.js";
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
    })
    .strict();
}

/** Registers `codex_run` on `server`. */
export function registerRunTool(server: McpServer, bridge: CodexBridge, session: BridgeSession): void {
  server.registerTool(
    RUN_TOOL,
    {
      title: "Run a Codex task",
      description:
        "Delegate a coding task or question to Codex (OpenAI's coding agent) and wait for its answer. Returns the " +
        "final response, the commands it ran and the files it changed, token usage, and a threadId to continue the " +
        "conversation. Sends progress notifications when the call has a progressToken; cancelling the call stops the turn.",
      inputSchema: runInputSchema(bridge),
      outputSchema: runResultSchema,
      annotations: {
        readOnlyHint: false,
        destructiveHint: bridge.policy.sandbox !== "read-only",
        openWorldHint: true,
      },
    },
    async (args, extra) => {
      const token = extra._meta?.progressToken;
      const progress =
        token === undefined
          ? undefined
          : new ProgressReporter(
              (value, message) =>
                extra.sendNotification({
                  method: "notifications/progress",
                  params: { progressToken: token, progress: value, message },
                }),
              { intervalMs: bridge.limits.progressIntervalMs, heartbeatMs: bridge.limits.heartbeatMs },
            );
      const canElicit = server.server.getClientCapabilities()?.elicitation?.form !== undefined;
      const elicit: Elicit | undefined = canElicit
        ? (params, options) =>
            extra.sendRequest({ method: "elicitation/create", params }, ElicitResultSchema, {
              signal: options.signal,
              timeout: options.timeoutMs,
            })
        : undefined;
      try {
        const result = await runTurn(bridge, session, args, { signal: extra.signal, progress, elicit });
        return toolResult(result);
      } catch (error) {
        return toolError(RUN_TOOL, error, bridge.logger);
      } finally {
        await progress?.close();
      }
    },
  );
}
