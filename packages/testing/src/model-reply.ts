/**
 * The shapes of what the scripted model answers to one `POST /v1/responses`: the {@link ModelReply} union
 * and its members. Build them with `Reply` (replies.ts).
 *
 * @module
 */

import type { OutputItemSpec } from "./output-items.js";
import type { RecordedRequest } from "./recorded-request.js";
import type { TokenUsage } from "./sse.js";

/** Timing controls shared by all replies. */
export interface ReplyTiming {
  /** Wait this long before answering (before the HTTP status for errors, before the first event for streams). */
  delayMs?: number;
  /** Wait this long between consecutive SSE events. */
  dripMs?: number;
}

/** How a streamed reply ends. */
export type StreamEnd =
  /** `response.completed` with token usage: the normal end. */
  | {
      /** Discriminant. */
      type: "completed";
      /** Token usage to report. */
      usage?: TokenUsage;
    }
  /** `response.failed` with an error code and message. */
  | {
      /** Discriminant. */
      type: "failed";
      /** The error code, e.g. `context_length_exceeded`. */
      code: string;
      /** The error message. */
      message: string;
    }
  /** The HTTP body ends without `response.completed` (codex: "stream closed before response.completed"). */
  | {
      /** Discriminant. */
      type: "close";
    }
  /** The connection stays open until the client aborts it or the model is closed. */
  | {
      /** Discriminant. */
      type: "stall";
    };

/** A `200 text/event-stream` reply: `response.created`, the items, then the {@link StreamEnd}. */
export interface StreamReply extends ReplyTiming {
  /** Discriminant. */
  readonly kind: "stream";
  /** The output items, in order. */
  readonly items: readonly OutputItemSpec[];
  /** How the stream ends. */
  readonly end: StreamEnd;
  /** Response id (default: random `resp_…`). */
  readonly responseId?: string;
}

/** A non-2xx HTTP answer. */
export interface HttpErrorReply {
  /** Discriminant. */
  readonly kind: "httpError";
  /** The HTTP status, e.g. 429. */
  readonly status: number;
  /** JSON body (objects are encoded) or raw text. */
  readonly body: string | Readonly<Record<string, unknown>>;
  /** Extra response headers, e.g. `{ "retry-after": "1" }`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Wait this long before answering. */
  readonly delayMs?: number;
}

/** A reply computed from the request when it arrives. */
export interface DynamicReply {
  /** Discriminant. */
  readonly kind: "dynamic";
  /** Chooses the reply for the request that just arrived. */
  readonly respond: (request: RecordedRequest) => ModelReply | Promise<ModelReply>;
}

/** One scripted answer; build with {@link Reply}. Each model request consumes one. */
export type ModelReply = StreamReply | HttpErrorReply | DynamicReply | HeldReply;

/**
 * A reply that is answered only after {@link HeldReply.release}: the request that consumes it is recorded
 * at once (so `waitForRequests` and {@link HeldReply.arrived} see it), then its connection stays open,
 * with nothing sent, until the test releases the reply. Build one with `Reply.hold`.
 * Closing the model (or the client going away) ends a held request without an answer.
 */
export interface HeldReply {
  /** Discriminant. */
  readonly kind: "held";
  /** The reply sent once released (any reply, a dynamic or another held one included). */
  readonly reply: ModelReply;
  /**
   * Resolves with the request that consumed this reply, once it has arrived and is being held
   * (the first one, if the reply is used for several, e.g. as a reviewer policy). Never rejects.
   */
  readonly arrived: Promise<RecordedRequest>;
  /** Whether {@link HeldReply.release} was called. */
  readonly released: boolean;
  /** Lets the reply go: a held request is answered now, a later one at once. Idempotent. */
  release(): void;
}
