import type { Notification, ThreadTokenUsage, TurnError, TurnHandle } from "@codexkit/node";
import type { AnyToolResultOutput } from "./spec-types.js";

/** A call of one of the caller's AI SDK tools, made by the running Codex turn and waiting for its result. */
export interface CallerToolCall {
  /** Codex's call id, used as the AI SDK `toolCallId`. */
  callId: string;
  /** The tool's name. */
  toolName: string;
  /** The arguments the model passed. */
  input: unknown;
}

/** What a waiting tool call is answered with: the caller's result, or a failure the model is told about. */
export type CallerToolAnswer = { ok: true; output: AnyToolResultOutput } | { ok: false; message: string };

/** How one stretch of a turn ({@link ActiveTurn.pump}) ended. */
export type PumpOutcome =
  | {
      kind: "completed";
      status: "completed" | "interrupted" | "failed" | "inProgress";
      error: TurnError | null;
    }
  | { kind: "tool-calls"; calls: CallerToolCall[] }
  | { kind: "aborted"; reason: unknown };

/** How long a step with waiting tool calls waits for more calls of the same model response (see `pump`). */
const SETTLE_MS = 150;

interface WaitingCall {
  call: CallerToolCall;
  answer: (answer: CallerToolAnswer) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A Codex turn that may outlive the AI SDK call that started it: when the turn calls one of the caller's tools,
 * the call ends its step with a tool call ({@link ActiveTurn.pump} returns `tool-calls`), the tool's `execute`
 * stays pending, and the next AI SDK call hands the result back ({@link ActiveTurn.answer}) and pumps the same
 * turn on. A result that does not come back within `toolResultTimeoutMs` fails the call and releases the turn.
 */
export class ActiveTurn {
  private readonly events: AsyncGenerator<Notification, void, undefined>;
  private pendingNext: Promise<IteratorResult<Notification, void>> | undefined;
  private readonly waiting = new Map<string, WaitingCall>();
  private readonly startedCalls = new Set<string>();
  private readonly completedCalls = new Set<string>();
  private readonly surfaced = new Set<string>();
  private wake: (() => void) | undefined;
  private latestUsage: ThreadTokenUsage | undefined;
  private released = false;
  private responseComplete = false;
  /** Whether the turn has completed (or been released). */
  done = false;

  constructor(
    /** The Codex turn. */
    readonly handle: TurnHandle,
    private readonly toolResultTimeoutMs: number,
    private readonly onDone: (turn: ActiveTurn) => void,
  ) {
    this.events = handle.stream();
  }

  /** The most recent token usage the turn reported. */
  get usage(): ThreadTokenUsage | undefined {
    return this.latestUsage;
  }

  /** The ids of the tool calls surfaced to the caller and not answered yet. */
  get unansweredCallIds(): string[] {
    return [...this.waiting.keys()].filter((id) => this.surfaced.has(id));
  }

  /**
   * Called by a caller tool's `execute` (inside Codex's `item/tool/call`): waits until the caller answers,
   * the timeout expires or the turn is released.
   */
  waitForCaller(call: CallerToolCall, signal?: AbortSignal): Promise<CallerToolAnswer> {
    if (this.released)
      return Promise.resolve({ ok: false, message: "the AI SDK call that ran this turn ended" });
    return new Promise((resolve) => {
      const onAbort = () => this.answer(call.callId, { ok: false, message: "the tool call was cancelled" });
      signal?.addEventListener("abort", onAbort, { once: true });
      const answer = (value: CallerToolAnswer) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.release(
          `the AI SDK caller did not return the result of ${call.toolName} (${call.callId}) within ${this.toolResultTimeoutMs} ms`,
        );
      }, this.toolResultTimeoutMs);
      timer.unref?.();
      this.waiting.set(call.callId, { call, answer, timer });
      this.wake?.();
    });
  }

  /** Hands the caller's answer to a waiting tool call; false when no call with that id is waiting. */
  answer(callId: string, answer: CallerToolAnswer): boolean {
    const waiting = this.waiting.get(callId);
    if (!waiting) return false;
    clearTimeout(waiting.timer);
    this.waiting.delete(callId);
    waiting.answer(answer);
    return true;
  }

  /**
   * Reads the turn's events into `onEvent` until the turn completes, or calls of the caller's tools are waiting
   * (returned, to end the AI SDK step), or `signal` aborts.
   */
  async pump(onEvent: (event: Notification) => void, signal: AbortSignal | undefined): Promise<PumpOutcome> {
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<"aborted">((resolve) => {
      if (signal?.aborted) resolve("aborted");
      onAbort = () => resolve("aborted");
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    // a model response with several calls: codex starts each call as soon as the response streams it, so
    // the step ends once the response is complete (its token usage arrives), or after a short quiet period
    let settle: Promise<"settled"> | undefined;
    let settleTimer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    try {
      for (;;) {
        const ready = [...this.waiting.values()]
          .map((waiting) => waiting.call)
          .filter((call) => this.startedCalls.has(call.callId) && !this.surfaced.has(call.callId));
        // parallel calls: wait until every announced call has reached its tool (or failed validation), so one
        // step carries them all
        const announced = [...this.startedCalls].some(
          (id) => !this.waiting.has(id) && !this.surfaced.has(id) && !this.completedCalls.has(id),
        );
        if (ready.length > 0 && !announced && (this.responseComplete || settled)) {
          for (const call of ready) this.surfaced.add(call.callId);
          return { kind: "tool-calls", calls: ready };
        }
        if (ready.length > 0 && !announced && !settle) {
          settle = new Promise((resolve) => {
            settleTimer = setTimeout(() => resolve("settled"), SETTLE_MS);
          });
        }
        this.pendingNext ??= this.events.next();
        const arrived = new Promise<"arrived">((resolve) => {
          this.wake = () => resolve("arrived");
        });
        const next = await Promise.race([this.pendingNext, arrived, aborted, ...(settle ? [settle] : [])]);
        this.wake = undefined;
        if (next === "aborted") return { kind: "aborted", reason: signal?.reason };
        if (next === "settled") {
          settled = true;
          continue;
        }
        if (next === "arrived") continue;
        this.pendingNext = undefined;
        if (next.done) return this.finish({ kind: "completed", status: "interrupted", error: null });
        const event = next.value;
        if (event.method === "item/started" && event.params.item.type === "dynamicToolCall") {
          this.startedCalls.add(event.params.item.id);
          this.responseComplete = false;
          continue;
        }
        if (event.method === "item/completed" && event.params.item.type === "dynamicToolCall") {
          this.completedCalls.add(event.params.item.id);
          continue;
        }
        if (event.method === "thread/tokenUsage/updated") {
          this.latestUsage = event.params.tokenUsage;
          this.responseComplete = true;
        }
        onEvent(event);
        if (event.method === "turn/completed") {
          const { status, error } = event.params.turn;
          return this.finish({ kind: "completed", status, error });
        }
      }
    } finally {
      clearTimeout(settleTimer);
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
  }

  /**
   * Gives the turn up: interrupts it, fails every waiting tool call with `reason`, and reads the rest of its
   * events in the background so nothing stays buffered. Idempotent.
   */
  release(reason: string): void {
    if (this.released) return;
    this.released = true;
    if (!this.done) {
      this.handle.interrupt().catch(() => {
        // the turn may have completed meanwhile
      });
    }
    for (const [callId, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      this.waiting.delete(callId);
      waiting.answer({ ok: false, message: reason });
    }
    const drain = async () => {
      if (this.pendingNext) await this.pendingNext;
      for (;;) if ((await this.events.next()).done) break;
    };
    drain()
      .catch(() => {
        // the connection closed: nothing left to read
      })
      .finally(() => this.finish(undefined));
  }

  private finish<T>(outcome: T): T {
    if (!this.done) {
      this.done = true;
      this.onDone(this);
    }
    return outcome;
  }
}
