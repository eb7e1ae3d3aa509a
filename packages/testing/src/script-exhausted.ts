/**
 * What the scripted model answers when its script has no reply left: an error that names the request
 * and what it asked, sent so that codex fails the turn at once with exactly that message.
 *
 * @module
 */

import type { HttpErrorReply } from "./model-reply.js";
import type { InputItem, RecordedRequest } from "./recorded-request.js";

/** How much of the last input's text the message quotes. */
const QUOTE_LIMIT = 200;

function quote(text: string): string {
  const trimmed = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
  return JSON.stringify(trimmed);
}

function contentText(item: InputItem): string {
  if (typeof item.content === "string") return item.content;
  if (!Array.isArray(item.content)) return "";
  return item.content.map((part) => (typeof part.text === "string" ? part.text : `[${part.type}]`)).join(" ");
}

function outputText(output: unknown): string {
  if (typeof output === "string") return output;
  if (Array.isArray(output)) return contentText({ content: output });
  return JSON.stringify(output) ?? "";
}

/**
 * The last item of the request's `input`, in words: what codex asked the model to answer, e.g.
 * `user message "run the tests"` or `function_call_output of call_1: "…"` (text cut at 200 characters).
 */
export function describeLastInput(request: RecordedRequest): string {
  const last = request.body?.input?.at(-1);
  if (last === undefined) return "no input";
  const type = last.type ?? "message";
  if (type === "message") return `${last.role ?? "unknown"} message ${quote(contentText(last))}`;
  if (type === "function_call_output" || type === "custom_tool_call_output") {
    return `${type} of ${last.call_id ?? "an unknown call"}: ${quote(outputText(last.output))}`;
  }
  if (last.name !== undefined) return `${type} ${last.name}`;
  return `${type} item`;
}

/**
 * The message for model request `index` (0-based, as in `model.request(index)`) finding the script empty.
 *
 * @example
 * scriptExhaustedMessage(1, request);
 * // 'ScriptedModel: script exhausted at model request #1: no scripted reply left. Last input:
 * //  function_call_output of call_1: "…". Add replies to the script or with model.enqueue(...).'
 */
export function scriptExhaustedMessage(index: number, request: RecordedRequest): string {
  return (
    `ScriptedModel: script exhausted at model request #${index}: no scripted reply left. ` +
    `Last input: ${describeLastInput(request)}. Add replies to the script or with model.enqueue(...).`
  );
}

/**
 * The reply for an exhausted script: HTTP 400 with the message as plain text. Codex reports a 400's body
 * verbatim as the turn error (`codexErrorInfo: "other"`) and never retries it, whatever the provider's
 * retry settings; a 5xx would read "We're currently experiencing high demand…" and a `response.failed`
 * would be retried as a dropped stream.
 */
export function scriptExhaustedReply(index: number, request: RecordedRequest): HttpErrorReply {
  return {
    kind: "httpError",
    status: 400,
    body: scriptExhaustedMessage(index, request),
    headers: { "x-codexkit-script-exhausted": "1" },
  };
}
