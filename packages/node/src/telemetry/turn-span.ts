import { finalResponseOf, type ThreadItem, type Turn, type UserInput } from "@codexkit/core";
import {
  type Attributes,
  type Context,
  type Link,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { AGENT_NAME, ATTR, errorTypeOf, toolErrorOf, toolOf, turnErrorType } from "./semconv.js";
import type { Tracing } from "./tracing.js";

/** What a turn span starts with: the thread, and what the turn was asked to use. */
export interface TurnSpanStart {
  threadId: string;
  model: string | undefined;
  provider: string | undefined;
  /** Who started the turn: this client (`turn/start`, `review/start`) or codex itself (a goal's turns). */
  startedBy: "client" | "server";
  /** The turn's input; undefined for a turn codex started itself (no client input to record). */
  input: readonly UserInput[] | undefined;
  /** Links of the span (a server-started turn links to the context its thread was opened in). */
  links?: Link[];
}

/**
 * One turn's `invoke_agent` span and everything hung on it: its `execute_tool` child spans by item id,
 * the token counts, the events (steer, interrupt, approvals, retries, reconnects), and the metrics
 * recorded when it ends. Fed by {@link SessionTelemetry} from the turn's notifications and requests.
 */
export class TurnSpan {
  readonly span: Span;
  /** The context with this turn's span active: turn requests and tool spans are its children. */
  readonly context: Context;
  /** The server's turn id, once known (from `turn/started` or the `turn/start` answer). */
  turnId: string | undefined;
  private readonly tools = new Map<string, { span: Span; context: Context }>();
  private readonly startedAt = performance.now();
  private readonly metricAttributes: Attributes;
  private inputTokens = 0;
  private outputTokens = 0;
  private usageSeen = false;
  /** Completed agent messages, kept only when content is recorded (for `gen_ai.output.messages`). */
  private readonly messages: ThreadItem[] = [];
  private ended = false;

  constructor(
    private readonly tracing: Tracing,
    parent: Context,
    start: TurnSpanStart,
    private readonly redact: (text: string) => string,
  ) {
    const attributes: Attributes = {
      [ATTR.operationName]: "invoke_agent",
      [ATTR.agentName]: AGENT_NAME,
      [ATTR.conversationId]: start.threadId,
    };
    if (start.model) attributes[ATTR.requestModel] = start.model;
    if (start.provider) attributes[ATTR.providerName] = start.provider;
    this.metricAttributes = { ...attributes };
    delete this.metricAttributes[ATTR.conversationId];
    attributes[ATTR.turnStartedBy] = start.startedBy;
    if (tracing.recordContent && start.input)
      attributes[ATTR.inputMessages] = this.json([userMessage(start.input)]);
    this.span = tracing.tracer.startSpan(
      `invoke_agent ${AGENT_NAME}`,
      { kind: SpanKind.CLIENT, attributes, ...(start.links?.length ? { links: start.links } : {}) },
      parent,
    );
    this.context = trace.setSpan(parent, this.span);
    tracing.activeTurns.add(1, this.metricAttributes);
  }

  /** Takes the server's turn id. */
  adopt(turnId: string): void {
    if (this.turnId !== undefined) return;
    this.turnId = turnId;
    this.span.setAttribute(ATTR.turnId, turnId);
  }

  /** Adds an event to the turn span; `content` attributes only when content is recorded. */
  event(name: string, attributes: Attributes, content?: () => Attributes): void {
    if (this.ended || !this.span.isRecording()) return;
    this.span.addEvent(
      name,
      this.tracing.recordContent && content ? { ...attributes, ...content() } : attributes,
    );
  }

  /** An item started: a tool item opens its `execute_tool` span. */
  itemStarted(item: ThreadItem): void {
    if (toolOf(item)) this.toolSpan(item.id, item);
  }

  /** An item completed: a tool item's span ends (ERROR when the tool failed); agent messages are kept for content. */
  itemCompleted(item: ThreadItem): void {
    if (item.type === "agentMessage" && this.tracing.recordContent) this.messages.push(item);
    if (!toolOf(item)) return;
    const entry = this.tools.get(item.id) ?? this.openTool(item.id, item);
    this.tools.delete(item.id);
    const { span } = entry;
    if (span.isRecording()) {
      if (item.type === "commandExecution" && item.exitCode !== null)
        span.setAttribute(ATTR.exitCode, item.exitCode);
      if (this.tracing.recordContent) {
        const result = toolResultOf(item);
        if (result !== undefined) span.setAttribute(ATTR.toolResult, this.redact(result));
      }
      const error = toolErrorOf(item);
      if (error) {
        span.setAttribute(ATTR.errorType, error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: `${item.type} ${error}` });
      }
    }
    span.end();
  }

  /** Token usage of one model response of the turn (`thread/tokenUsage/updated`'s `last`). */
  usage(inputTokens: number, outputTokens: number): void {
    this.usageSeen = true;
    this.inputTokens += inputTokens;
    this.outputTokens += outputTokens;
  }

  /**
   * The context of a tool call's span (opened here if its `item/started` has not been seen yet), in which
   * a custom tool's `execute` runs.
   */
  toolContext(callId: string): Context {
    return this.toolSpan(callId).context;
  }

  /** The turn completed (`turn/completed`): usage, status, content, metrics, then the span ends. */
  complete(turn: Turn): void {
    if (this.ended) return;
    const span = this.span;
    span.setAttribute(ATTR.turnStatus, turn.status);
    let errorType: string | undefined;
    if (turn.status === "failed") {
      errorType = turnErrorType(turn.error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: turn.error?.message ?? "turn failed" });
    }
    if (this.tracing.recordContent) {
      const text = finalResponseOf(this.messages);
      if (text !== undefined) span.setAttribute(ATTR.outputMessages, this.json([assistantMessage(text)]));
    }
    this.end(errorType);
  }

  /** The turn could not start, or the connection closed under it: ERROR with the error's type. */
  fail(error: unknown): void {
    if (this.ended) return;
    if (error instanceof Error)
      this.span.recordException({ name: error.name, message: this.redact(error.message) });
    this.span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? this.redact(error.message) : String(error),
    });
    this.end(errorTypeOf(error));
  }

  private end(errorType: string | undefined): void {
    this.ended = true;
    const span = this.span;
    if (errorType) span.setAttribute(ATTR.errorType, errorType);
    if (this.usageSeen) {
      span.setAttribute(ATTR.inputTokens, this.inputTokens);
      span.setAttribute(ATTR.outputTokens, this.outputTokens);
    }
    for (const { span: tool } of this.tools.values()) tool.end();
    this.tools.clear();
    span.end();
    const attributes = errorType
      ? { ...this.metricAttributes, [ATTR.errorType]: errorType }
      : this.metricAttributes;
    this.tracing.activeTurns.add(-1, this.metricAttributes);
    this.tracing.duration.record((performance.now() - this.startedAt) / 1000, attributes);
    if (this.usageSeen) {
      this.tracing.tokens.record(this.inputTokens, { ...attributes, [ATTR.tokenType]: "input" });
      this.tracing.tokens.record(this.outputTokens, { ...attributes, [ATTR.tokenType]: "output" });
    }
  }

  private toolSpan(itemId: string, item?: ThreadItem): { span: Span; context: Context } {
    return this.tools.get(itemId) ?? this.openTool(itemId, item);
  }

  private openTool(itemId: string, item: ThreadItem | undefined): { span: Span; context: Context } {
    const tool = item ? toolOf(item) : undefined;
    const name = tool?.name ?? "tool";
    const attributes: Attributes = {
      [ATTR.operationName]: "execute_tool",
      [ATTR.toolName]: name,
      [ATTR.toolCallId]: itemId,
      [ATTR.toolType]: tool?.type ?? "function",
    };
    if (item) attributes[ATTR.toolKind] = item.type;
    if (item?.type === "mcpToolCall") attributes[ATTR.mcpServer] = item.server;
    if (item && this.tracing.recordContent) {
      const args = toolArgumentsOf(item);
      if (args !== undefined) attributes[ATTR.toolArguments] = this.redact(args);
    }
    const span = this.tracing.tracer.startSpan(
      `execute_tool ${name}`,
      { kind: SpanKind.INTERNAL, attributes },
      this.context,
    );
    const entry = { span, context: trace.setSpan(this.context, span) };
    if (!this.ended) this.tools.set(itemId, entry);
    return entry;
  }

  private json(value: unknown): string {
    return this.redact(JSON.stringify(value));
  }
}

/** The GenAI semconv message of the turn's input. */
function userMessage(input: readonly UserInput[]) {
  return {
    role: "user",
    parts: input.map((part) =>
      part.type === "text" ? { type: "text", content: part.text } : { type: part.type },
    ),
  };
}

function assistantMessage(text: string) {
  return { role: "assistant", parts: [{ type: "text", content: text }], finish_reason: "stop" };
}

/** A tool item's arguments as text (content): the command, the changed paths, the call's arguments, the query. */
function toolArgumentsOf(item: ThreadItem): string | undefined {
  switch (item.type) {
    case "commandExecution":
      return JSON.stringify({ command: item.command, cwd: item.cwd });
    case "fileChange":
      return JSON.stringify({ changes: item.changes.map((c) => ({ path: c.path, kind: c.kind.type })) });
    case "mcpToolCall":
    case "dynamicToolCall":
      return JSON.stringify(item.arguments);
    case "webSearch":
      return JSON.stringify({ query: item.query });
    default:
      return undefined;
  }
}

/** A completed tool item's result as text (content). */
function toolResultOf(item: ThreadItem): string | undefined {
  switch (item.type) {
    case "commandExecution":
      return item.aggregatedOutput ?? undefined;
    case "mcpToolCall":
      return item.result ? JSON.stringify(item.result) : item.error ? JSON.stringify(item.error) : undefined;
    case "dynamicToolCall":
      return item.contentItems ? JSON.stringify(item.contentItems) : undefined;
    default:
      return undefined;
  }
}
