import type { JSONValue, SharedV3ProviderMetadata } from "@ai-sdk/provider";
import type { Notification, ThreadItem } from "@codexkit/node";
import { CODEX_TOOL_NAMES } from "./codex-tool-names.js";
import type { CodexStreamPart } from "./spec-types.js";

type Emit = (part: CodexStreamPart) => void;

/**
 * Turns one Codex turn's notifications into AI SDK stream parts: agent messages as text (deltas when the server
 * streams them), reasoning summaries and content as reasoning, and Codex's own tool activity (commands, file
 * changes, MCP tool calls, web searches) as provider-executed tool calls and results. The caller's own tools
 * (`dynamicToolCall` items) are left to the active turn, which surfaces them as ordinary tool calls.
 */
export class TurnPartMapper {
  private readonly openText = new Set<string>();
  private readonly openReasoning = new Set<string>();
  private readonly startedTools = new Set<string>();
  /** The text of every agent message of this call, in order (for the conversation fingerprint). */
  text = "";

  constructor(
    private readonly emit: Emit,
    private readonly metadata: () => SharedV3ProviderMetadata,
  ) {}

  /** Maps one notification. */
  add(notification: Notification): void {
    switch (notification.method) {
      case "item/agentMessage/delta":
        this.textDelta(notification.params.itemId, notification.params.delta);
        return;
      case "item/reasoning/summaryTextDelta":
      case "item/reasoning/textDelta":
        this.reasoningDelta(notification.params.itemId, notification.params.delta);
        return;
      case "item/started":
        this.started(notification.params.item);
        return;
      case "item/completed":
        this.completed(notification.params.item);
        return;
      default:
        return;
    }
  }

  /** Ends the text and reasoning parts still open (a turn that stopped mid-message). */
  closeOpenParts(): void {
    for (const id of this.openText) this.emit({ type: "text-end", id, providerMetadata: this.metadata() });
    for (const id of this.openReasoning) this.emit({ type: "reasoning-end", id });
    this.openText.clear();
    this.openReasoning.clear();
  }

  private textDelta(id: string, delta: string): void {
    if (!this.openText.has(id)) {
      this.openText.add(id);
      this.emit({ type: "text-start", id, providerMetadata: this.metadata() });
    }
    this.text += delta;
    this.emit({ type: "text-delta", id, delta });
  }

  private reasoningDelta(id: string, delta: string): void {
    if (!this.openReasoning.has(id)) {
      this.openReasoning.add(id);
      this.emit({ type: "reasoning-start", id });
    }
    this.emit({ type: "reasoning-delta", id, delta });
  }

  private started(item: ThreadItem): void {
    if (item.type === "commandExecution" || item.type === "fileChange" || item.type === "mcpToolCall") {
      this.toolCall(item);
    }
  }

  private completed(item: ThreadItem): void {
    switch (item.type) {
      case "agentMessage":
        if (!this.openText.has(item.id)) {
          // not streamed: the whole message at once
          if (item.text === "") return;
          this.textDelta(item.id, item.text);
        }
        this.openText.delete(item.id);
        this.emit({ type: "text-end", id: item.id, providerMetadata: this.metadata() });
        return;
      case "reasoning": {
        if (!this.openReasoning.has(item.id)) {
          const text = [...item.summary, ...item.content].join("\n\n");
          if (text === "") return;
          this.reasoningDelta(item.id, text);
        }
        this.openReasoning.delete(item.id);
        this.emit({ type: "reasoning-end", id: item.id });
        return;
      }
      case "commandExecution":
        this.toolCall(item);
        this.emit({
          ...this.result(item.id, CODEX_TOOL_NAMES.commandExecution),
          result: { status: item.status, exitCode: item.exitCode, output: item.aggregatedOutput ?? "" },
          isError: item.status !== "completed",
        });
        return;
      case "fileChange":
        this.toolCall(item);
        this.emit({
          ...this.result(item.id, CODEX_TOOL_NAMES.fileChange),
          result: { status: item.status, changes: item.changes as unknown as JSONValue },
          isError: item.status !== "completed",
        });
        return;
      case "mcpToolCall":
        this.toolCall(item);
        this.emit({
          ...this.result(item.id, mcpToolName(item)),
          result: {
            status: item.status,
            result: (item.result ?? null) as JSONValue,
            error: (item.error ?? null) as JSONValue,
          },
          isError: item.status !== "completed",
        });
        return;
      case "webSearch":
        this.toolCall(item);
        this.emit({
          ...this.result(item.id, CODEX_TOOL_NAMES.webSearch),
          result: {
            query: item.query,
            action: (item.action ?? null) as JSONValue,
            results: (item.results ?? null) as JSONValue,
          },
        });
        return;
      default:
        return;
    }
  }

  private toolCall(item: ThreadItem): void {
    if (this.startedTools.has(item.id)) return;
    let toolName: string;
    let input: unknown;
    switch (item.type) {
      case "commandExecution":
        toolName = CODEX_TOOL_NAMES.commandExecution;
        input = { command: item.command, cwd: item.cwd };
        break;
      case "fileChange":
        toolName = CODEX_TOOL_NAMES.fileChange;
        input = { changes: item.changes.map((change) => ({ path: change.path, kind: change.kind })) };
        break;
      case "mcpToolCall":
        toolName = mcpToolName(item);
        input = item.arguments;
        break;
      case "webSearch":
        toolName = CODEX_TOOL_NAMES.webSearch;
        input = { query: item.query };
        break;
      default:
        return;
    }
    this.startedTools.add(item.id);
    this.emit({
      type: "tool-call",
      toolCallId: item.id,
      toolName,
      input: JSON.stringify(input ?? {}),
      providerExecuted: true,
      dynamic: true,
      providerMetadata: this.metadata(),
    });
  }

  private result(toolCallId: string, toolName: string) {
    return {
      type: "tool-result" as const,
      toolCallId,
      toolName,
      dynamic: true,
      providerMetadata: this.metadata(),
    };
  }
}

function mcpToolName(item: Extract<ThreadItem, { type: "mcpToolCall" }>): string {
  return `mcp__${item.server}__${item.tool}`;
}
