/**
 * Output items of a scripted model response (assistant message, reasoning, function call,
 * custom tool call) in the Responses-API wire shape, and the `Item` builders that create them.
 *
 * @module
 */

import { randomBytes } from "node:crypto";

/** Which part of an answer an assistant message is; codex surfaces it as `agentMessage.phase`. */
export type MessagePhase = "commentary" | "partial_answer" | "final_answer";

/** An assistant message item. */
export interface MessageOutputItem {
  /** Discriminant. */
  type: "message";
  /** Item id. */
  id: string;
  /** Always `assistant`. */
  role: "assistant";
  /** Always `completed`. */
  status: "completed";
  /** The text parts (one `output_text`). */
  content: Array<{
    /** Discriminant. */
    type: "output_text";
    /** The text. */
    text: string;
    /** Always empty. */
    annotations: unknown[];
  }>;
  /** Which part of an answer the message is. */
  phase?: MessagePhase;
}

/** A reasoning item with summary texts. */
export interface ReasoningOutputItem {
  /** Discriminant. */
  type: "reasoning";
  /** Item id. */
  id: string;
  /** The summary parts. */
  summary: Array<{
    /** Discriminant. */
    type: "summary_text";
    /** The summary text. */
    text: string;
  }>;
  /** Always null: scripted reasoning carries no encrypted content. */
  encrypted_content: null;
}

/** A function (tool) call; `arguments` is a JSON string. */
export interface FunctionCallOutputItem {
  /** Discriminant. */
  type: "function_call";
  /** Item id. */
  id: string;
  /** The id the tool output refers to. */
  call_id: string;
  /** The tool's name. */
  name: string;
  /** The arguments, as a JSON string. */
  arguments: string;
  /** Always `completed`. */
  status: "completed";
  /** Tool namespace, e.g. `mcp__server` for MCP tools. */
  namespace?: string;
}

/** A freeform (custom) tool call such as `apply_patch`. */
export interface CustomToolCallOutputItem {
  /** Discriminant. */
  type: "custom_tool_call";
  /** Item id. */
  id: string;
  /** The id the tool output refers to. */
  call_id: string;
  /** The tool's name, e.g. `apply_patch`. */
  name: string;
  /** The raw input. */
  input: string;
  /** Always `completed`. */
  status: "completed";
}

/** Any output item the scripted model can emit. */
export type ResponseOutputItem =
  | MessageOutputItem
  | ReasoningOutputItem
  | FunctionCallOutputItem
  | CustomToolCallOutputItem;

/**
 * One output item of a reply plus how to stream it. With `deltas`, the item is announced with
 * `output_item.added`, then streamed piece by piece (text deltas for messages, summary deltas for
 * reasoning), then completed; without, only `output_item.done` is sent.
 */
export interface OutputItemSpec {
  /** The complete item, as sent in `response.output_item.done`. */
  readonly item: ResponseOutputItem;
  /** Pieces to stream before the item completes (messages and reasoning only). */
  readonly deltas?: readonly string[];
}

/** How to stream text: `true` splits at word boundaries; an array gives the exact pieces. */
export type StreamOption = boolean | readonly string[];

/** Options of {@link Item.message}. */
export interface MessageItemOptions {
  /** Sets `phase` on the message (omitted by default, which codex reports as `null`). */
  phase?: MessagePhase;
  /** Emit `output_text.delta` events so app-server sends `item/agentMessage/delta`. */
  stream?: StreamOption;
  /** Item id (default: random `msg_…`). */
  id?: string;
}

/** Options of {@link Item.reasoning}. */
export interface ReasoningItemOptions {
  /** Emit summary deltas so app-server sends `item/reasoning/summaryTextDelta`. */
  stream?: StreamOption;
  /** Item id (default: random `rs_…`). */
  id?: string;
}

/** Options of {@link Item.functionCall}. */
export interface FunctionCallItemOptions {
  /** The call id the tool output will refer to (default: random `call_…`); codex uses it as item id. */
  callId?: string;
  /** Item id (default: random `fc_…`). */
  id?: string;
  /** Tool namespace, e.g. `mcp__server` for MCP tools. */
  namespace?: string;
}

/** Options of {@link Item.execCommand}. */
export interface ExecCommandItemOptions extends FunctionCallItemOptions {
  /** Why the command is needed; shown as the approval `reason`. */
  justification?: string;
  /** `"require_escalated"` asks to run outside the sandbox (triggers approval / review). */
  sandboxPermissions?: "use_default" | "require_escalated";
  /** Working directory for the command. */
  workdir?: string;
  /** How long codex waits for output before returning (ms). */
  yieldTimeMs?: number;
}

/** Returns a random id with the given prefix, e.g. `call_3f9a0c1d2e4b`. */
export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

/** Splits text into word-sized pieces that concatenate back to the text. */
export function splitIntoDeltas(text: string): string[] {
  const pieces = text.match(/\S+\s*|\s+/g);
  return pieces === null ? [text] : pieces;
}

function deltasFor(text: string, stream: StreamOption | undefined): readonly string[] | undefined {
  if (stream === undefined || stream === false) return undefined;
  return stream === true ? splitIntoDeltas(text) : stream;
}

/**
 * Builders for output items; combine several in one reply with `Reply.items(...)`.
 *
 * @example
 * Reply.items([Item.reasoning("Thinking.", { stream: true }), Item.message("Done.", { stream: true })]);
 */
export const Item = {
  /** An assistant message with one `output_text` part. */
  message(text: string, options: MessageItemOptions = {}): OutputItemSpec {
    const item: MessageOutputItem = {
      type: "message",
      id: options.id ?? randomId("msg"),
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text, annotations: [] }],
    };
    if (options.phase !== undefined) item.phase = options.phase;
    return { item, deltas: deltasFor(text, options.stream) };
  },

  /** A reasoning item whose summary is `summary` (one summary part). */
  reasoning(summary: string, options: ReasoningItemOptions = {}): OutputItemSpec {
    const item: ReasoningOutputItem = {
      type: "reasoning",
      id: options.id ?? randomId("rs"),
      summary: [{ type: "summary_text", text: summary }],
      encrypted_content: null,
    };
    return { item, deltas: deltasFor(summary, options.stream) };
  },

  /** A `function_call`; object arguments are JSON-encoded, strings are sent verbatim. */
  functionCall(
    name: string,
    args: Readonly<Record<string, unknown>> | string,
    options: FunctionCallItemOptions = {},
  ): OutputItemSpec {
    const item: FunctionCallOutputItem = {
      type: "function_call",
      id: options.id ?? randomId("fc"),
      call_id: options.callId ?? randomId("call"),
      name,
      arguments: typeof args === "string" ? args : JSON.stringify(args),
      status: "completed",
    };
    if (options.namespace !== undefined) item.namespace = options.namespace;
    return { item };
  },

  /**
   * A call to a client-defined tool (`tool()` in @codexkit/node), e.g.
   * `Item.toolCall("lookup_weather", { city: "Paris" })`; a toolset's tool takes `{ namespace: "crm" }`.
   */
  toolCall(
    name: string,
    args: Readonly<Record<string, unknown>> | string,
    options: FunctionCallItemOptions = {},
  ): OutputItemSpec {
    return Item.functionCall(name, args, options);
  },

  /** An `exec_command` call (codex's shell tool), e.g. `Item.execCommand("ls -la")`. */
  execCommand(cmd: string, options: ExecCommandItemOptions = {}): OutputItemSpec {
    const args: Record<string, unknown> = { cmd };
    if (options.justification !== undefined) args.justification = options.justification;
    if (options.sandboxPermissions !== undefined) args.sandbox_permissions = options.sandboxPermissions;
    if (options.workdir !== undefined) args.workdir = options.workdir;
    if (options.yieldTimeMs !== undefined) args.yield_time_ms = options.yieldTimeMs;
    return Item.functionCall("exec_command", args, options);
  },

  /** A freeform `custom_tool_call` with raw `input`. */
  customToolCall(
    name: string,
    input: string,
    options: Omit<FunctionCallItemOptions, "namespace"> = {},
  ): OutputItemSpec {
    const item: CustomToolCallOutputItem = {
      type: "custom_tool_call",
      id: options.id ?? randomId("ctc"),
      call_id: options.callId ?? randomId("call"),
      name,
      input,
      status: "completed",
    };
    return { item };
  },

  /**
   * An `apply_patch` custom tool call. Codex offers `apply_patch` only for known model slugs
   * (e.g. start the thread with `model: "gpt-5.5"`), not for the default `mock-model`.
   */
  applyPatch(patch: string, options: Omit<FunctionCallItemOptions, "namespace"> = {}): OutputItemSpec {
    return Item.customToolCall("apply_patch", patch, options);
  },
} as const;
