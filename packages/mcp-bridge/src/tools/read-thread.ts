import { finalResponseOf, type Turn } from "@codexkit/node";
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { CodexBridge } from "../bridge.js";
import type { BridgeSession } from "../session-scope.js";
import { promptOf, summarizeActions } from "../turn-summary.js";
import { threadSummary } from "./list-threads.js";
import { toolError, toolResult } from "./results.js";
import { threadSummarySchema, turnSummarySchema } from "./schemas.js";

/** The name of the read tool. */
export const READ_THREAD_TOOL = "codex_read_thread";

/** The input schema of `codex_read_thread`. */
export const readThreadInputSchema = z
  .object({
    threadId: z.string().min(1).describe("The thread to read (from codex_run or codex_list_threads)"),
    limit: z
      .number()
      .int()
      .min(1)
      .max(50)
      .optional()
      .describe("How many of the most recent turns to return (default 10)"),
    cursor: z.string().min(1).optional().describe("olderCursor from a previous call, for earlier turns"),
  })
  .strict();

/** The structured result of `codex_read_thread`. */
export const readThreadOutputSchema = threadSummarySchema.extend({
  turns: z.array(turnSummarySchema).describe("Oldest first"),
  olderCursor: z
    .string()
    .nullable()
    .describe("Pass as cursor for earlier turns, or null when there are none"),
});

/** A turn as `codex_read_thread` shows it. */
export function turnSummary(turn: Turn): z.infer<typeof turnSummarySchema> {
  return {
    turnId: turn.id,
    status: turn.status,
    prompt: promptOf(turn.items),
    finalResponse: finalResponseOf(turn.items) ?? null,
    error: turn.error?.message ?? null,
    startedAt: turn.startedAt === null ? null : new Date(turn.startedAt * 1000).toISOString(),
    durationMs: turn.durationMs,
    actions: summarizeActions(turn.items),
  };
}

/** Registers `codex_read_thread` on `server`. */
export function registerReadThreadTool(server: McpServer, bridge: CodexBridge, session: BridgeSession): void {
  server.registerTool(
    READ_THREAD_TOOL,
    {
      title: "Read a Codex thread",
      description:
        "Read a Codex conversation: for each recent turn, what was asked, the final answer, the commands run and the " +
        "files changed. Only threads this MCP session started, inside the allowed roots.",
      inputSchema: readThreadInputSchema,
      outputSchema: readThreadOutputSchema,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const { info } = await bridge.readAllowedThread(session, args.threadId);
        const page = await bridge.codex().request("thread/turns/list", {
          threadId: args.threadId,
          limit: args.limit ?? 10,
          cursor: args.cursor ?? null,
          itemsView: "full",
          sortDirection: "desc",
        });
        return toolResult({
          ...threadSummary(info),
          turns: [...page.data].reverse().map(turnSummary),
          olderCursor: page.nextCursor,
        });
      } catch (error) {
        return toolError(READ_THREAD_TOOL, error, bridge);
      }
    },
  );
}
