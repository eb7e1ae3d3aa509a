import type { ThreadItem, ThreadTokenUsage } from "@codexkit/node";

/** A command the agent ran (or tried to). */
export interface CommandSummary {
  command: string;
  status: string;
  exitCode: number | null;
}

/** A file the agent changed (or tried to). */
export interface FileChangeSummary {
  path: string;
  kind: "add" | "delete" | "update";
  status: string;
}

/** A tool the agent called through MCP. */
export interface ToolCallSummary {
  server: string;
  tool: string;
  status: string;
}

/** What a turn did, compactly: commands, file changes, MCP tool calls and web searches. */
export interface ActionsSummary {
  commands: CommandSummary[];
  fileChanges: FileChangeSummary[];
  toolCalls: ToolCallSummary[];
  webSearches: string[];
}

/** Token usage of one turn. */
export interface UsageSummary {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningOutputTokens: number;
  totalTokens: number;
}

/** At most this many entries per list (a runaway turn must not produce a huge result). */
const MAX_ENTRIES = 200;

/**
 * Strips the login-shell wrapper codex puts around commands (`/bin/bash -lc '…'`), so callers see what
 * the agent asked for.
 */
export function displayCommand(command: string): string {
  const match = /^\S*\/(?:ba|z|)sh -l?c '((?:[^']|'\\'')*)'$/.exec(command);
  return match ? match[1]!.replaceAll("'\\''", "'") : command;
}

/** Summarises the completed items of a turn. */
export function summarizeActions(items: readonly ThreadItem[]): ActionsSummary {
  const summary: ActionsSummary = { commands: [], fileChanges: [], toolCalls: [], webSearches: [] };
  for (const item of items) {
    switch (item.type) {
      case "commandExecution":
        push(summary.commands, {
          command: displayCommand(item.command),
          status: item.status,
          exitCode: item.exitCode,
        });
        break;
      case "fileChange":
        for (const change of item.changes)
          push(summary.fileChanges, { path: change.path, kind: change.kind.type, status: item.status });
        break;
      case "mcpToolCall":
        push(summary.toolCalls, { server: item.server, tool: item.tool, status: item.status });
        break;
      case "dynamicToolCall":
        push(summary.toolCalls, { server: item.namespace ?? "", tool: item.tool, status: item.status });
        break;
      case "webSearch":
        push(summary.webSearches, item.query);
        break;
    }
  }
  return summary;
}

/** The turn's own token usage (`last`), or null when the server reported none. */
export function usageOf(usage: ThreadTokenUsage | null): UsageSummary | null {
  if (!usage) return null;
  const { inputTokens, cachedInputTokens, outputTokens, reasoningOutputTokens, totalTokens } = usage.last;
  return { inputTokens, cachedInputTokens, outputTokens, reasoningOutputTokens, totalTokens };
}

/** The text of the user messages among `items`, joined (what was asked in a turn). */
export function promptOf(items: readonly ThreadItem[]): string {
  const texts: string[] = [];
  for (const item of items) {
    if (item.type !== "userMessage") continue;
    for (const input of item.content) if (input.type === "text") texts.push(input.text);
  }
  return texts.join("\n");
}

function push<T>(list: T[], entry: T): void {
  if (list.length < MAX_ENTRIES) list.push(entry);
}
