import type {
  AppServerConnection,
  InitializeMetadata,
  Notification,
  ServerRequestEvent,
  Transport,
  UserInput,
  W3cTraceContext,
} from "@codexkit/core";
import { JsonRpcError } from "@codexkit/core";
import {
  type Attributes,
  type Context,
  context,
  isSpanContextValid,
  ROOT_CONTEXT,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import type { CodexWarning } from "../client/warnings.js";
import { isTurnReconnectedEvent, type TurnReconnectedEvent } from "../reconnect/turn-reconnected-event.js";
import { ATTR, errorTypeOf } from "./semconv.js";
import { type LogOptions, logSettingsOf, SessionLog } from "./session-log.js";
import type { TelemetryOptions } from "./telemetry-options.js";
import { traceCarrierOf } from "./trace-carrier.js";
import { Tracing } from "./tracing.js";
import { TurnSpan } from "./turn-span.js";

/** Requests whose answer names a thread's model and provider (kept for the thread's turn spans). */
const THREAD_OPENING = new Set(["thread/start", "thread/resume", "thread/fork"]);

/** What `turn/start` (or `review/start`) is sent with, as far as telemetry reads it. */
interface TurnStartLike {
  model?: string | null;
  input?: readonly UserInput[];
}

/**
 * The telemetry of a new session, from the client's options: spans and metrics unless `telemetry` is
 * `false` (through the given providers, else the global ones), and the log when a `logger`, a `logLevel`
 * or `CODEXKIT_DEBUG` asks for one. `redact` removes the client's known secrets from what is recorded;
 * `ownsThread` says whether turns codex starts by itself on a thread are this client's to trace (on a
 * server other clients share, only on the threads this client owns).
 */
export function createSessionTelemetry(
  telemetry: boolean | TelemetryOptions | undefined,
  log: LogOptions,
  redact: (text: string) => string,
  ownsThread: (threadId: string) => boolean = () => true,
): SessionTelemetry {
  const tracing =
    telemetry === false ? undefined : new Tracing(typeof telemetry === "object" ? telemetry : {});
  const settings = logSettingsOf(log);
  return new SessionTelemetry(tracing, settings && new SessionLog(settings, redact), redact, ownsThread);
}

/**
 * The telemetry of one session (one app-server connection): spans and metrics through {@link Tracing}
 * (absent with `telemetry: false`) and the log through {@link SessionLog} (absent when nothing is
 * logged). The session calls it at a few points: the transport it speaks over, each request it sends,
 * each turn it starts, each custom tool it runs, each warning; it follows turns through the connection's
 * notifications and server requests itself.
 *
 * A turn codex starts by itself (a goal's turns: `turn/started` on a thread opened here, with no
 * `turn/start` of this client in flight) gets its `invoke_agent` span too, as the root of a trace of its
 * own, linked to the span that was active when the thread was started, resumed or forked: such a turn
 * can come long after that span ended, and is not part of the work it measured.
 */
export class SessionTelemetry {
  /** Open turn spans by turn id. */
  private readonly turns = new Map<string, TurnSpan>();
  /** Turn spans whose `turn/start` is in flight, by thread id (a thread runs one turn at a time). */
  private readonly starting = new Map<string, TurnSpan>();
  /**
   * The threads opened here: model and provider for their turn spans, and the span that was active where
   * the thread was opened (linked from the spans of the turns codex starts by itself).
   */
  private readonly threads = new Map<string, { model?: string; provider?: string; opener?: SpanContext }>();

  constructor(
    private readonly tracing: Tracing | undefined,
    private readonly log: SessionLog | undefined,
    private readonly redact: (text: string) => string,
    private readonly ownsThread: (threadId: string) => boolean = () => true,
  ) {}

  /** Sizes for leak checks: turn spans still open (0 once every turn has completed). */
  stats(): Record<string, number> {
    return { telemetryTurns: new Set([...this.turns.values(), ...this.starting.values()]).size };
  }

  /** The transport the connection should speak over: the wire-logging wrapper at `debug`, else `transport`. */
  transport(transport: Transport): Transport {
    return this.log ? this.log.wire(transport) : transport;
  }

  /**
   * Follows the connection: the notifications the session dispatched (`notifications`: after its own
   * handling, which redacts turn errors in place; what a reconnect recovered included) and the server
   * requests feed the turn spans; the close ends the open ones.
   */
  attach(
    connection: AppServerConnection,
    notifications: (listener: (notification: Notification) => void) => () => void,
  ): void {
    this.log?.attach(connection, notifications);
    if (!this.tracing) return;
    notifications((notification) => this.notification(notification));
    connection.onServerRequest((event) => this.serverRequest(event));
    connection.onClose((error) => {
      for (const turn of new Set([...this.turns.values(), ...this.starting.values()])) turn.fail(error);
      this.turns.clear();
      this.starting.clear();
      this.threads.clear();
    });
  }

  /** `initialize` completed. */
  connected(endpoint: string, metadata: InitializeMetadata): void {
    this.log?.connected(endpoint, metadata);
  }

  /** A warning was handed to `onWarning`. */
  warning(warning: CodexWarning): void {
    this.log?.warning(warning);
  }

  /**
   * Sends one request inside a short client span (`rpc.system = jsonrpc`, `rpc.method`); `send` gets the
   * W3C trace context to put on the envelope (the span's, or the caller's active one when nothing records).
   */
  request<T>(
    method: string,
    params: unknown,
    send: (trace: W3cTraceContext | undefined) => Promise<T>,
  ): Promise<T> {
    const tracing = this.tracing;
    if (!tracing) return send(undefined);
    this.turnRequest(method, params);
    const parent = context.active();
    const span = tracing.tracer.startSpan(
      method,
      { kind: SpanKind.CLIENT, attributes: { [ATTR.rpcSystem]: "jsonrpc", [ATTR.rpcMethod]: method } },
      parent,
    );
    const active = trace.setSpan(parent, span);
    const carrier = traceCarrierOf(active);
    const sent = context.with(active, () => send(carrier));
    if (!span.isRecording() && !THREAD_OPENING.has(method)) return sent;
    return sent.then(
      (result) => {
        if (THREAD_OPENING.has(method)) this.threadOpened(result, parent);
        span.end();
        return result;
      },
      (error: unknown) => {
        span.setAttribute(ATTR.errorType, errorTypeOf(error));
        if (error instanceof JsonRpcError) span.setAttribute(ATTR.rpcErrorCode, error.rpcCode);
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? this.redact(error.message) : undefined,
        });
        span.end();
        throw error;
      },
    );
  }

  /**
   * Starts a turn's `invoke_agent` span (a child of the caller's active span), sends `start` (its
   * `turn/start`) inside it, and follows the turn until `turn/completed`. A start that fails ends the span
   * with ERROR.
   */
  async turn<R extends { turn: { id: string } }>(
    threadId: string,
    params: TurnStartLike,
    start: () => Promise<R>,
  ): Promise<R> {
    const tracing = this.tracing;
    if (!tracing) return start();
    const thread = this.threads.get(threadId);
    const record = new TurnSpan(
      tracing,
      context.active(),
      {
        threadId,
        model: params.model ?? thread?.model,
        provider: thread?.provider,
        startedBy: "client",
        input: params.input ?? [],
      },
      this.redact,
    );
    this.starting.set(threadId, record);
    try {
      const response = await context.with(record.context, start);
      this.adopt(threadId, record, response.turn.id);
      return response;
    } catch (error) {
      if (this.starting.get(threadId) === record) this.starting.delete(threadId);
      record.fail(error);
      throw error;
    }
  }

  /** Runs `run` (a custom tool's `execute`) with the tool call's `execute_tool` span active. */
  inTool<T>(turnId: string, callId: string, run: () => T): T {
    const turn = this.tracing ? this.turns.get(turnId) : undefined;
    return turn ? context.with(turn.toolContext(callId), run) : run();
  }

  private adopt(threadId: string, record: TurnSpan, turnId: string): void {
    if (this.starting.get(threadId) === record) this.starting.delete(threadId);
    if (record.turnId !== undefined) return;
    record.adopt(turnId);
    this.turns.set(turnId, record);
  }

  /** The turn span a notification belongs to (adopting a starting turn's id from `turn/started`). */
  private turnOf(threadId: string | undefined, turnId: string | undefined): TurnSpan | undefined {
    if (turnId === undefined) return undefined;
    const known = this.turns.get(turnId);
    if (known || threadId === undefined) return known;
    const starting = this.starting.get(threadId);
    if (!starting) return undefined;
    this.adopt(threadId, starting, turnId);
    return starting;
  }

  private notification(notification: Notification): void {
    const event = notification as Notification | TurnReconnectedEvent;
    if (isTurnReconnectedEvent(event)) {
      const { turnId, attempt, recoveredItems, closeCode } = event.params;
      this.turns.get(turnId)?.event("codexkit.reconnect", {
        "codexkit.reconnect.attempt": attempt,
        "codexkit.reconnect.recovered_items": recoveredItems,
        ...(closeCode !== undefined ? { "codexkit.reconnect.close_code": closeCode } : {}),
      });
      return;
    }
    switch (notification.method) {
      case "turn/started": {
        const { threadId, turn } = notification.params;
        if (!this.turnOf(threadId, turn.id)) this.serverTurn(threadId, turn.id);
        return;
      }
      case "item/started": {
        const { threadId, turnId, item } = notification.params;
        this.turnOf(threadId, turnId)?.itemStarted(item);
        return;
      }
      case "item/completed": {
        const { threadId, turnId, item } = notification.params;
        this.turnOf(threadId, turnId)?.itemCompleted(item);
        return;
      }
      case "thread/tokenUsage/updated": {
        const { turnId, tokenUsage } = notification.params;
        this.turns.get(turnId)?.usage(tokenUsage.last.inputTokens, tokenUsage.last.outputTokens);
        return;
      }
      case "error": {
        const { turnId, error, willRetry } = notification.params;
        if (!willRetry) return;
        this.turns
          .get(turnId)
          ?.event(
            "codexkit.retry",
            { [ATTR.errorType]: typeof error.codexErrorInfo === "string" ? error.codexErrorInfo : "other" },
            () => ({ "codexkit.retry.message": this.redact(error.message) }),
          );
        return;
      }
      case "item/autoApprovalReview/completed": {
        const { turnId, targetItemId, review, action } = notification.params;
        this.turns.get(turnId)?.event(
          "codexkit.approval",
          {
            "codexkit.approval.kind": action.type,
            ...(targetItemId ? { "codexkit.approval.item_id": targetItemId } : {}),
            "codexkit.approval.answered_by": "reviewer",
            "codexkit.approval.decision": review.status,
          },
          () => ({
            ...(action.type === "command"
              ? { "codexkit.approval.command": this.redact(action.command) }
              : {}),
            ...(review.rationale ? { "codexkit.approval.rationale": this.redact(review.rationale) } : {}),
          }),
        );
        return;
      }
      case "turn/completed": {
        const { threadId, turn } = notification.params;
        const record = this.turnOf(threadId, turn.id);
        this.turns.delete(turn.id);
        record?.complete(turn);
        return;
      }
      case "thread/closed":
        this.threads.delete(notification.params.threadId);
        return;
    }
  }

  /** Approvals, questions and elicitations become events on their turn span; tool calls have their own spans. */
  private serverRequest(event: ServerRequestEvent): void {
    if (event.method === "item/tool/call" || event.answeredBy === "notOwned") return;
    const params = (event.params ?? {}) as {
      turnId?: unknown;
      itemId?: unknown;
      command?: unknown;
      reason?: unknown;
    };
    if (typeof params.turnId !== "string") return;
    const turn = this.turns.get(params.turnId);
    if (!turn) return;
    const approval = event.method.endsWith("/requestApproval");
    const attributes: Attributes = {
      [approval ? "codexkit.approval.kind" : "codexkit.server_request.method"]: approval
        ? event.method.slice("item/".length, -"/requestApproval".length)
        : event.method,
      [approval ? "codexkit.approval.answered_by" : "codexkit.server_request.answered_by"]:
        event.answeredBy === "handler" ? "callback" : "default",
    };
    if (typeof params.itemId === "string") attributes["codexkit.approval.item_id"] = params.itemId;
    if (event.reason) attributes["codexkit.approval.default_reason"] = event.reason;
    const decision = decisionOf(event.result);
    if (approval && decision) attributes["codexkit.approval.decision"] = decision;
    turn.event(approval ? "codexkit.approval" : "codexkit.server_request", attributes, () => ({
      ...(typeof params.command === "string"
        ? { "codexkit.approval.command": this.redact(params.command) }
        : {}),
      ...(typeof params.reason === "string"
        ? { "codexkit.approval.reason": this.redact(params.reason) }
        : {}),
    }));
  }

  /** `turn/steer` and `turn/interrupt` are events on the turn they concern. */
  private turnRequest(method: string, params: unknown): void {
    if (method !== "turn/steer" && method !== "turn/interrupt") return;
    const p = (params ?? {}) as { turnId?: unknown; expectedTurnId?: unknown; input?: unknown };
    const turnId = method === "turn/steer" ? p.expectedTurnId : p.turnId;
    if (typeof turnId !== "string") return;
    if (method === "turn/interrupt") this.turns.get(turnId)?.event("codexkit.interrupt", {});
    else {
      this.turns.get(turnId)?.event("codexkit.steer", {}, () => ({
        [ATTR.inputMessages]: this.redact(JSON.stringify(p.input ?? [])),
      }));
    }
  }

  /**
   * A turn codex started by itself on a thread opened here (not one this client is starting): a root span,
   * linked to the span active where the thread was opened, ended by its `turn/completed` like the others.
   */
  private serverTurn(threadId: string, turnId: string): void {
    const tracing = this.tracing;
    const thread = this.threads.get(threadId);
    if (!tracing || !thread || !this.ownsThread(threadId)) return;
    const record = new TurnSpan(
      tracing,
      ROOT_CONTEXT,
      {
        threadId,
        model: thread.model,
        provider: thread.provider,
        startedBy: "server",
        input: undefined,
        ...(thread.opener ? { links: [{ context: thread.opener }] } : {}),
      },
      this.redact,
    );
    record.adopt(turnId);
    this.turns.set(turnId, record);
  }

  private threadOpened(result: unknown, opener: Context): void {
    const { thread, model, modelProvider } = (result ?? {}) as {
      thread?: { id?: unknown };
      model?: unknown;
      modelProvider?: unknown;
    };
    if (typeof thread?.id !== "string") return;
    const span = trace.getSpanContext(opener);
    this.threads.set(thread.id, {
      ...(typeof model === "string" ? { model } : {}),
      ...(typeof modelProvider === "string" ? { provider: modelProvider } : {}),
      ...(span && isSpanContextValid(span) ? { opener: span } : {}),
    });
  }
}

/** An approval's decision as one word: `accept`, `decline`, `cancel`, or the key of an object decision. */
function decisionOf(result: unknown): string | undefined {
  const decision = (result as { decision?: unknown } | undefined)?.decision;
  if (typeof decision === "string") return decision;
  if (decision && typeof decision === "object") return Object.keys(decision)[0];
  return undefined;
}
