import type { ThreadItem, ThreadTokenUsage } from "@codexkit/node";

/** A command the agent ran (or tried to). */
export interface CommandSummary {
  /** The command line, without codex's login-shell wrapper. */
  command: string;
  /** `completed`, `failed`, `declined` or `inProgress`. */
  status: string;
  /** The exit code, once it ran. */
  exitCode: number | null;
}

/** A file the agent changed (or tried to). */
export interface FileChangeSummary {
  /** The file's absolute path. */
  path: string;
  /** What happened to it. */
  kind: "add" | "delete" | "update";
  /** `completed`, `failed`, `declined` or `inProgress`. */
  status: string;
}

/** A tool the agent called through MCP. */
export interface ToolCallSummary {
  /** The MCP server (or dynamic tool namespace). */
  server: string;
  /** The tool's name. */
  tool: string;
  /** `completed`, `failed` or `inProgress`. */
  status: string;
}

/** What a turn did, compactly: commands, file changes, MCP tool calls and web searches. */
export interface ActionsSummary {
  /** Commands run (or refused), in order. */
  commands: CommandSummary[];
  /** Files changed (or refused), in order. */
  fileChanges: FileChangeSummary[];
  /** MCP and dynamic tool calls, in order. */
  toolCalls: ToolCallSummary[];
  /** Web search queries, in order. */
  webSearches: string[];
}

/** Token usage of one turn. */
export interface UsageSummary {
  /** Input tokens, cached ones included. */
  inputTokens: number;
  /** Input tokens served from the prompt cache. */
  cachedInputTokens: number;
  /** Output tokens, reasoning included. */
  outputTokens: number;
  /** Output tokens spent on reasoning. */
  reasoningOutputTokens: number;
  /** Input plus output tokens. */
  totalTokens: number;
}

/** At most this many entries per list (a runaway turn must not produce a huge result). */
const MAX_ENTRIES = 200;

/**
 * Strips the login-shell wrapper codex puts around commands (`/bin/bash -lc '…'` or `-lc "…"`), so callers
 * see what the agent asked for. Anything that is not exactly one wrapped shell word is returned as is.
 */
export function displayCommand(command: string): string {
  const prefix = /^\S*\/(?:ba|z|)sh -l?c /.exec(command);
  if (!prefix) return command;
  return parseShellWord(command.slice(prefix[0].length)) ?? command;
}

/** Parses one POSIX shell word made of quoted and plain parts; undefined if `text` is not exactly one word. */
function parseShellWord(text: string): string | undefined {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      out += text.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        const c = text[i]!;
        if (c === '"') break;
        if (c === "\\" && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== "\n") out += text[i + 1]; // backslash-newline is a line continuation
          i += 2;
        } else {
          out += c;
          i++;
        }
      }
      i++;
    } else if (ch === "\\" && i + 1 < text.length) {
      out += text[i + 1];
      i += 2;
    } else if (/\s/.test(ch)) {
      return undefined;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
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
