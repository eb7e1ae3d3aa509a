import type { ThreadItem, TurnError } from "@codexkit/core";

/**
 * The attribute, span and metric names codexkit records: the OpenTelemetry GenAI semantic conventions
 * (Development status) and RPC conventions where they have a name, `codexkit.*` where they have none.
 *
 * @module
 */

export const ATTR = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  agentName: "gen_ai.agent.name",
  conversationId: "gen_ai.conversation.id",
  requestModel: "gen_ai.request.model",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
  toolName: "gen_ai.tool.name",
  toolCallId: "gen_ai.tool.call.id",
  toolType: "gen_ai.tool.type",
  toolArguments: "gen_ai.tool.call.arguments",
  toolResult: "gen_ai.tool.call.result",
  tokenType: "gen_ai.token.type",
  errorType: "error.type",
  rpcSystem: "rpc.system",
  rpcMethod: "rpc.method",
  rpcErrorCode: "rpc.jsonrpc.error_code",
  exitCode: "process.exit.code",
  turnId: "codexkit.turn.id",
  turnStatus: "codexkit.turn.status",
  turnStartedBy: "codexkit.turn.started_by",
  toolKind: "codexkit.tool.kind",
  mcpServer: "codexkit.mcp.server",
} as const;

/** The agent name on every turn span (`gen_ai.agent.name`). */
export const AGENT_NAME = "codex";

/** What a tool item becomes on its `execute_tool` span. */
export interface ToolOf {
  /** `gen_ai.tool.name`. */
  name: string;
  /** `gen_ai.tool.type`: `function` for tools run on the agent's host or by this client, `extension` for external services. */
  type: "function" | "extension";
}

/**
 * The tool a thread item stands for, or undefined for an item that is not a tool call (messages,
 * reasoning, plans). Names follow what the model called: `exec_command`, `apply_patch`, `web_search`,
 * the MCP tool's name, or a custom tool's `namespace.name`.
 */
export function toolOf(item: ThreadItem): ToolOf | undefined {
  switch (item.type) {
    case "commandExecution":
      return { name: "exec_command", type: "function" };
    case "fileChange":
      return { name: "apply_patch", type: "function" };
    case "mcpToolCall":
      return { name: item.tool, type: "extension" };
    case "webSearch":
      return { name: "web_search", type: "extension" };
    case "dynamicToolCall":
      return { name: item.namespace ? `${item.namespace}.${item.tool}` : item.tool, type: "function" };
    default:
      return undefined;
  }
}

/** The `error.type` of a failed tool item, or undefined when it succeeded. */
export function toolErrorOf(item: ThreadItem): string | undefined {
  switch (item.type) {
    case "commandExecution":
    case "fileChange":
      return item.status === "failed" || item.status === "declined" ? item.status : undefined;
    case "mcpToolCall":
      return item.status === "failed" || item.error ? "failed" : undefined;
    case "dynamicToolCall":
      return item.status === "failed" || item.success === false ? "failed" : undefined;
    default:
      return undefined;
  }
}

/** The low-cardinality `error.type` of a turn error: codex's error kind (`usageLimitExceeded`, …), else `other`. */
export function turnErrorType(error: TurnError | null | undefined): string {
  const info = error?.codexErrorInfo;
  if (typeof info === "string") return info;
  if (info && typeof info === "object") return Object.keys(info)[0] ?? "other";
  return "other";
}

/** The `error.type` of a thrown error: its stable `code` when it has one (codexkit errors do), else its class name. */
export function errorTypeOf(error: unknown): string {
  if (error && typeof error === "object") {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === "string" && name !== "") return name;
  }
  return "_OTHER";
}
