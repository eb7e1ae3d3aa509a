/**
 * The {@link Reply} builders of what the scripted model answers to one `POST /v1/responses` (the
 * {@link ModelReply} union and its shapes are in model-reply.ts).
 *
 * @module
 */

import { createHeldReply } from "./held-reply.js";
import type {
  DynamicReply,
  HeldReply,
  HttpErrorReply,
  ModelReply,
  ReplyTiming,
  StreamEnd,
  StreamReply,
} from "./model-reply.js";
import {
  type ExecCommandItemOptions,
  type FunctionCallItemOptions,
  Item,
  type MessageItemOptions,
  type OutputItemSpec,
} from "./output-items.js";
import type { RecordedRequest } from "./recorded-request.js";
import type { TokenUsage } from "./sse.js";

/** One call of {@link Reply.toolCalls}. */
export interface ToolCallSpec extends FunctionCallItemOptions {
  /** The tool's name (inside its namespace, if any). */
  name: string;
  /** The arguments: an object (encoded as JSON) or raw JSON text (e.g. to send invalid JSON). */
  args: Readonly<Record<string, unknown>> | string;
}

/** Options for replies that complete normally. */
export interface ReplyOptions extends ReplyTiming {
  /** Token usage reported in `response.completed`. */
  usage?: TokenUsage;
  /** Send the items, then keep the stream open instead of completing (for interrupt / steer tests). */
  stall?: boolean;
  /** Response id (default: random `resp_…`). */
  responseId?: string;
}

/** Options for replies that end abnormally (`failed`, `closeEarly`, `stall`). */
export interface AbnormalReplyOptions extends ReplyTiming {
  /** Items to send before the abnormal end. */
  items?: readonly OutputItemSpec[];
  /** Response id (default: random `resp_…`). */
  responseId?: string;
}

/** Options of {@link Reply.httpError}. */
export interface HttpErrorOptions {
  /** Body (default: `{"error":{"message":"scripted HTTP STATUS","type":…,"code":null}}`). */
  body?: string | Readonly<Record<string, unknown>>;
  /** Extra headers, e.g. `{ "retry-after": "1" }`. */
  headers?: Readonly<Record<string, string>>;
  /** Wait before answering. */
  delayMs?: number;
}

function errorType(status: number): string {
  if (status === 401) return "invalid_api_key";
  if (status === 429) return "rate_limit_exceeded";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

function timing(options: ReplyTiming): ReplyTiming {
  const out: ReplyTiming = {};
  if (options.delayMs !== undefined) out.delayMs = options.delayMs;
  if (options.dripMs !== undefined) out.dripMs = options.dripMs;
  return out;
}

function abnormal(end: StreamEnd, options: AbnormalReplyOptions): StreamReply {
  return {
    kind: "stream",
    items: options.items ?? [],
    end,
    responseId: options.responseId,
    ...timing(options),
  };
}

/**
 * Builders for {@link ModelReply}.
 *
 * @example
 * model.enqueue(
 *   Reply.execCommand("echo hi"),
 *   Reply.message("It printed hi.", { stream: true }),
 *   Reply.httpError(429, { headers: { "retry-after": "1" } }),
 * );
 */
export const Reply = {
  /** A reply with several output items, e.g. reasoning + message, or message + function call. */
  items(items: readonly OutputItemSpec[], options: ReplyOptions = {}): StreamReply {
    const end: StreamEnd = options.stall ? { type: "stall" } : { type: "completed", usage: options.usage };
    return { kind: "stream", items, end, responseId: options.responseId, ...timing(options) };
  },

  /** An assistant message (see {@link MessageItemOptions} for `phase` and `stream`). */
  message(text: string, options: MessageItemOptions & ReplyOptions = {}): StreamReply {
    return Reply.items([Item.message(text, options)], options);
  },

  /** A `function_call` to `name`; the next request carries its `function_call_output`. */
  functionCall(
    name: string,
    args: Readonly<Record<string, unknown>> | string,
    options: FunctionCallItemOptions & ReplyOptions = {},
  ): StreamReply {
    return Reply.items([Item.functionCall(name, args, options)], options);
  },

  /**
   * A call to a client-defined tool (`tool()` / `toolset()` in @codexkit/node). The next request carries
   * the tool's answer: read it with `model.functionCallOutputs(index)` or `toolCallOutputs(request)`.
   *
   * @example
   * model.enqueue(
   *   Reply.toolCall("find_customer", { id: 42 }, { namespace: "crm", callId: "call_1" }),
   *   Reply.message("Found them."),
   * );
   */
  toolCall(
    name: string,
    args: Readonly<Record<string, unknown>> | string,
    options: FunctionCallItemOptions & ReplyOptions = {},
  ): StreamReply {
    return Reply.items([Item.toolCall(name, args, options)], options);
  },

  /**
   * Several tool calls in one reply: codex runs them in parallel and the next request carries all their
   * outputs.
   *
   * @example
   * Reply.toolCalls([
   *   { name: "lookup_weather", args: { city: "Paris" }, callId: "call_p" },
   *   { name: "lookup_weather", args: { city: "Oslo" }, callId: "call_o" },
   * ]);
   */
  toolCalls(calls: readonly ToolCallSpec[], options: ReplyOptions = {}): StreamReply {
    return Reply.items(
      calls.map((call) => Item.toolCall(call.name, call.args, call)),
      options,
    );
  },

  /** An `exec_command` function call. */
  execCommand(cmd: string, options: ExecCommandItemOptions & ReplyOptions = {}): StreamReply {
    return Reply.items([Item.execCommand(cmd, options)], options);
  },

  /** An `apply_patch` custom tool call (offered by codex only for known model slugs). */
  applyPatch(
    patch: string,
    options: Omit<FunctionCallItemOptions, "namespace"> & ReplyOptions = {},
  ): StreamReply {
    return Reply.items([Item.applyPatch(patch, options)], options);
  },

  /** An HTTP error status (429, 500, 400, 401, …) with a JSON error body. */
  httpError(status: number, options: HttpErrorOptions = {}): HttpErrorReply {
    const body = options.body ?? {
      error: { message: `scripted HTTP ${status}`, type: errorType(status), code: null },
    };
    return { kind: "httpError", status, body, headers: options.headers ?? {}, delayMs: options.delayMs };
  },

  /** A stream that ends with `response.failed` (e.g. code `context_length_exceeded`). */
  failed(code: string, message: string, options: AbnormalReplyOptions = {}): StreamReply {
    return abnormal({ type: "failed", code, message }, options);
  },

  /** A stream that ends without `response.completed`. */
  closeEarly(options: AbnormalReplyOptions = {}): StreamReply {
    return abnormal({ type: "close" }, options);
  },

  /** A stream that never completes: it stays open until the request is aborted or the model closes. */
  stall(options: AbnormalReplyOptions = {}): StreamReply {
    return abnormal({ type: "stall" }, options);
  },

  /** A reply chosen when the request arrives, e.g. to echo the prompt. */
  dynamic(respond: (request: RecordedRequest) => ModelReply | Promise<ModelReply>): DynamicReply {
    return { kind: "dynamic", respond };
  },

  /**
   * `reply`, held back until the test calls `release()`: the request is recorded when it arrives
   * (`held.arrived` resolves with it), then nothing is sent until the release. Use it to keep a turn at a
   * known point (e.g. its command has run and its output was sent back) while the test observes it, with
   * no timing involved. A reply never released keeps the turn running until the model is closed.
   *
   * @example
   * ```ts
   * const answer = Reply.hold(Reply.message("done"));
   * model.enqueue(Reply.execCommand("echo hi"), answer);
   * const turn = await thread.turn("go");
   * await answer.arrived; // the command ran; the turn now waits on the model
   * // … assert on the running turn …
   * answer.release();
   * await turn.run();
   * ```
   */
  hold(reply: ModelReply): HeldReply {
    return createHeldReply(reply);
  },
} as const;
