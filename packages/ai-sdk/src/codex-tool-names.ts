/**
 * The AI SDK tool names of Codex's own tool activity, reported as provider-executed, dynamic tool calls and
 * results (MCP tool calls are named `mcp__<server>__<tool>`).
 */
export const CODEX_TOOL_NAMES = {
  /** A shell command Codex ran (`commandExecution`): input `{ command, cwd }`, result `{ status, exitCode, output }`. */
  commandExecution: "codex_command",
  /** Files Codex changed (`fileChange`): input `{ changes: [{ path, kind }] }`, result `{ status, changes }`. */
  fileChange: "codex_file_change",
  /** A web search Codex made (`webSearch`): input `{ query }`, result `{ query, action, results }`. */
  webSearch: "codex_web_search",
} as const;
