/**
 * Builders for the Server-Sent Events of the OpenAI Responses API, as codex consumes them,
 * plus the wire encoder. Each builder returns a plain {@link SseEvent}; {@link encodeSseEvent}
 * turns one into `event: NAME\ndata: JSON\n\n`.
 *
 * @module
 */

import type { ResponseOutputItem } from "./output-items.js";

/** One Responses-API stream event: `type` is also used as the SSE `event:` name. */
export interface SseEvent {
  /** Event name, e.g. `response.output_text.delta`. */
  readonly type: string;
  /** Remaining JSON fields of the event. */
  readonly [field: string]: unknown;
}

/** Token counts reported in `response.completed` (camelCase; serialised to the wire shape). */
export interface TokenUsage {
  /** Prompt tokens (default 10). */
  inputTokens?: number;
  /** Of which served from cache (default 0). */
  cachedInputTokens?: number;
  /** Completion tokens (default 5). */
  outputTokens?: number;
  /** Of which spent on reasoning (default 0). */
  reasoningOutputTokens?: number;
}

/** The `usage` object of a completed response, exactly as the Responses API sends it. */
export interface WireUsage {
  /** Prompt tokens. */
  input_tokens: number;
  /** Breakdown of the prompt tokens. */
  input_tokens_details: {
    /** Of which served from cache. */
    cached_tokens: number;
  };
  /** Completion tokens. */
  output_tokens: number;
  /** Breakdown of the completion tokens. */
  output_tokens_details: {
    /** Of which spent on reasoning. */
    reasoning_tokens: number;
  };
  /** Input plus output tokens. */
  total_tokens: number;
}

/**
 * Converts {@link TokenUsage} into the wire `usage` object (`total_tokens` = input + output).
 *
 * @example
 * toWireUsage({ inputTokens: 3, outputTokens: 2 }).total_tokens; // 5
 */
export function toWireUsage(usage: TokenUsage = {}): WireUsage {
  const input = usage.inputTokens ?? 10;
  const output = usage.outputTokens ?? 5;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningOutputTokens ?? 0 },
    total_tokens: input + output,
  };
}

/** `response.created`: the first event of every stream. */
export function responseCreated(responseId: string): SseEvent {
  return {
    type: "response.created",
    response: { id: responseId, object: "response", status: "in_progress", output: [] },
  };
}

/** `response.output_item.added`: an output item begins (codex emits `item/started`). */
export function outputItemAdded(outputIndex: number, item: ResponseOutputItem): SseEvent {
  return { type: "response.output_item.added", output_index: outputIndex, item };
}

/** `response.output_item.done`: an output item is complete (codex emits `item/completed`). */
export function outputItemDone(outputIndex: number, item: ResponseOutputItem): SseEvent {
  return { type: "response.output_item.done", output_index: outputIndex, item };
}

/** `response.content_part.added`: an empty `output_text` part opens inside a message. */
export function contentPartAdded(itemId: string, outputIndex: number, contentIndex = 0): SseEvent {
  return {
    type: "response.content_part.added",
    item_id: itemId,
    output_index: outputIndex,
    content_index: contentIndex,
    part: { type: "output_text", text: "", annotations: [] },
  };
}

/** `response.output_text.delta`: a piece of assistant text (codex emits `item/agentMessage/delta`). */
export function outputTextDelta(
  itemId: string,
  outputIndex: number,
  delta: string,
  contentIndex = 0,
): SseEvent {
  return {
    type: "response.output_text.delta",
    item_id: itemId,
    output_index: outputIndex,
    content_index: contentIndex,
    delta,
  };
}

/** `response.output_text.done`: the full text of one content part. */
export function outputTextDone(
  itemId: string,
  outputIndex: number,
  text: string,
  contentIndex = 0,
): SseEvent {
  return {
    type: "response.output_text.done",
    item_id: itemId,
    output_index: outputIndex,
    content_index: contentIndex,
    text,
  };
}

/** `response.reasoning_summary_part.added` (codex emits `item/reasoning/summaryPartAdded`). */
export function reasoningSummaryPartAdded(itemId: string, outputIndex: number, summaryIndex = 0): SseEvent {
  return {
    type: "response.reasoning_summary_part.added",
    item_id: itemId,
    output_index: outputIndex,
    summary_index: summaryIndex,
    part: { type: "summary_text", text: "" },
  };
}

/** `response.reasoning_summary_text.delta` (codex emits `item/reasoning/summaryTextDelta`). */
export function reasoningSummaryTextDelta(
  itemId: string,
  outputIndex: number,
  delta: string,
  summaryIndex = 0,
): SseEvent {
  return {
    type: "response.reasoning_summary_text.delta",
    item_id: itemId,
    output_index: outputIndex,
    summary_index: summaryIndex,
    delta,
  };
}

/** `response.completed`: ends a successful stream and reports token usage. */
export function responseCompleted(
  responseId: string,
  usage: TokenUsage = {},
  output: readonly ResponseOutputItem[] = [],
): SseEvent {
  return {
    type: "response.completed",
    response: { id: responseId, object: "response", status: "completed", output, usage: toWireUsage(usage) },
  };
}

/**
 * `response.failed`: ends a stream with a model-side error. Codex maps `context_length_exceeded`
 * to a context-window error; other codes surface as "stream disconnected before completion: MESSAGE".
 */
export function responseFailed(responseId: string, code: string, message: string): SseEvent {
  return {
    type: "response.failed",
    response: { id: responseId, object: "response", status: "failed", error: { code, message } },
  };
}

/**
 * Encodes one event for the wire.
 *
 * @example
 * encodeSseEvent(responseCreated("resp_1"));
 * // 'event: response.created\ndata: {"type":"response.created",...}\n\n'
 */
export function encodeSseEvent(event: SseEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
