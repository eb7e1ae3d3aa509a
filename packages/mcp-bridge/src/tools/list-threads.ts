import { realpath } from "node:fs/promises";
import type { ThreadInfo } from "@codexkit/node";
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { CodexBridge } from "../bridge.js";
import type { BridgeSession } from "../session-scope.js";
import { toolError, toolResult } from "./results.js";
import { threadSummarySchema } from "./schemas.js";

/** The name of the list tool. */
export const LIST_THREADS_TOOL = "codex_list_threads";

/** At most this many `thread/list` pages are scanned per call (threads outside the roots are skipped). */
const MAX_PAGES = 10;

/** The input schema of `codex_list_threads`. */
export const listThreadsInputSchema = z
  .object({
    limit: z.number().int().min(1).max(100).optional().describe("How many threads to return (default 20)"),
    cursor: z.string().min(1).optional().describe("nextCursor from a previous call, for the next page"),
    search: z.string().min(1).optional().describe("Only threads whose title contains this text"),
    archived: z.boolean().optional().describe("List archived threads instead"),
  })
  .strict();

/** The structured result of `codex_list_threads`. */
export const listThreadsOutputSchema = z.object({
  threads: z.array(threadSummarySchema).describe("Newest first; only threads inside the allowed roots"),
  nextCursor: z.string().nullable().describe("Pass as cursor for more, or null when there are no more"),
});

/** A thread as `codex_list_threads` shows it. */
export function threadSummary(info: ThreadInfo): z.infer<typeof threadSummarySchema> {
  return {
    threadId: info.id,
    name: info.name,
    preview: info.preview.length > 300 ? `${info.preview.slice(0, 299)}…` : info.preview,
    cwd: info.cwd,
    status: info.status.type,
    model: info.model,
    createdAt: new Date(info.createdAt * 1000).toISOString(),
    updatedAt: new Date(info.updatedAt * 1000).toISOString(),
  };
}

/** Registers `codex_list_threads` on `server`. */
export function registerListThreadsTool(
  server: McpServer,
  bridge: CodexBridge,
  session: BridgeSession,
): void {
  server.registerTool(
    LIST_THREADS_TOOL,
    {
      title: "List Codex threads",
      description:
        "List the Codex conversations (threads) this MCP session started, newest first (only inside the allowed roots), " +
        "to find earlier work and continue it with codex_run's threadId.",
      inputSchema: listThreadsInputSchema,
      outputSchema: listThreadsOutputSchema,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const limit = args.limit ?? 20;
        const threads: ThreadInfo[] = [];
        let cursor: string | null = args.cursor ?? null;
        for (let page = 0; page < MAX_PAGES && threads.length < limit; page++) {
          const response = await bridge.codex().threadList({
            limit: limit - threads.length,
            cursor,
            ...(args.search ? { searchTerm: args.search } : {}),
            ...(args.archived ? { archived: true } : {}),
          });
          for (const info of response.data)
            if (bridge.access.canAccess(info.id, session) && (await isAllowed(bridge, info)))
              threads.push(info);
          cursor = response.nextCursor;
          if (!cursor) break;
        }
        return toolResult({ threads: threads.map(threadSummary), nextCursor: cursor });
      } catch (error) {
        return toolError(LIST_THREADS_TOOL, error, bridge);
      }
    },
  );
}

async function isAllowed(bridge: CodexBridge, info: ThreadInfo): Promise<boolean> {
  const real = await realpath(info.cwd).catch(() => info.cwd);
  return bridge.policy.isInsideRoots(real);
}
