/**
 * Turns a {@link StreamReply} into the ordered list of SSE events the scripted model sends.
 *
 * @module
 */

import type { StreamReply } from "./model-reply.js";
import type { OutputItemSpec, ResponseOutputItem } from "./output-items.js";
import {
  contentPartAdded,
  outputItemAdded,
  outputItemDone,
  outputTextDelta,
  outputTextDone,
  reasoningSummaryPartAdded,
  reasoningSummaryTextDelta,
  responseCompleted,
  responseCreated,
  responseFailed,
  type SseEvent,
} from "./sse.js";

/** The item as announced by `output_item.added` before streaming: no text yet. */
function emptied(item: ResponseOutputItem): ResponseOutputItem {
  if (item.type === "message") return { ...item, content: [] };
  if (item.type === "reasoning") return { ...item, summary: [] };
  return item;
}

function itemEvents(spec: OutputItemSpec, index: number): SseEvent[] {
  const { item, deltas } = spec;
  if (deltas === undefined || (item.type !== "message" && item.type !== "reasoning")) {
    return [outputItemDone(index, item)];
  }
  const events: SseEvent[] = [outputItemAdded(index, emptied(item))];
  if (item.type === "message") {
    events.push(contentPartAdded(item.id, index));
    for (const delta of deltas) events.push(outputTextDelta(item.id, index, delta));
    events.push(outputTextDone(item.id, index, item.content.map((part) => part.text).join("")));
  } else {
    events.push(reasoningSummaryPartAdded(item.id, index));
    for (const delta of deltas) events.push(reasoningSummaryTextDelta(item.id, index, delta));
  }
  events.push(outputItemDone(index, item));
  return events;
}

/**
 * All events of a streamed reply, in order: `response.created`, each item's events, then
 * `response.completed` or `response.failed` (nothing for `close` and `stall` ends).
 *
 * @example
 * buildStreamEvents(Reply.message("hi"), "resp_1").map((e) => e.type);
 * // ["response.created", "response.output_item.done", "response.completed"]
 */
export function buildStreamEvents(reply: StreamReply, responseId: string): SseEvent[] {
  const events: SseEvent[] = [responseCreated(responseId)];
  reply.items.forEach((spec, index) => {
    events.push(...itemEvents(spec, index));
  });
  const { end } = reply;
  if (end.type === "completed") {
    events.push(
      responseCompleted(
        responseId,
        end.usage,
        reply.items.map((spec) => spec.item),
      ),
    );
  } else if (end.type === "failed") {
    events.push(responseFailed(responseId, end.code, end.message));
  }
  return events;
}
