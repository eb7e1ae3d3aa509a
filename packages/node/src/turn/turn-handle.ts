import {
  CodexError,
  type Notification,
  normalizeInput,
  type RunInput,
  type TurnInterruptResponse,
  type TurnResult,
  type TurnSteerResponse,
} from "@codexkit/core";
import { type AsyncQueue, routingKeyOf, TurnResultCollector } from "@codexkit/core/internal";
import { OutputValidationError, TurnAbortedError, TurnFailedError } from "../client/errors.js";
import {
  isTurnReconnectedEvent,
  type TurnReconnectedEvent,
  type TurnStreamEvent,
} from "../reconnect/turn-reconnected-event.js";
import type { Session } from "../session/session.js";

/**
 * A started turn. Read its events with {@link TurnHandle.stream} (or `for await` on the handle), add
 * input with {@link TurnHandle.steer}, stop it with {@link TurnHandle.interrupt}, or wait for the
 * {@link TurnResult} with {@link TurnHandle.run}. Both `stream()` and `run()` see only this turn's events,
 * and can be combined: `run()` after a partly read stream collects the rest.
 *
 * @example
 * ```ts
 * const turn = await thread.turn("Refactor utils.ts");
 * for await (const event of turn.stream()) {
 *   if (event.method === "item/agentMessage/delta") process.stdout.write(event.params.delta);
 * }
 * const result = await turn.run(); // already complete: returns at once
 * ```
 */
export class TurnHandle<TOutput = unknown> implements AsyncIterable<Notification> {
  private readonly collector: TurnResultCollector;
  private resultPromise: Promise<TurnResult<TOutput>> | undefined;
  private streaming = false;
  private readonly survived: Array<TurnReconnectedEvent["params"]> = [];
  private abortReason: unknown;
  private hasAbort = false;
  private readonly detachAbort: () => void;

  /** @internal */
  constructor(
    private readonly session: Session,
    /** The thread this turn runs on. */
    readonly threadId: string,
    /** The turn id. */
    readonly id: string,
    private readonly queue: AsyncQueue<Notification>,
    private readonly parseOutput: ((text: string) => Promise<unknown>) | undefined,
    signal: AbortSignal | undefined,
    private readonly onSettled: () => void,
    /** A goal's handle spans several server turns: it keeps collecting after its first turn completes. */
    spansTurns = false,
  ) {
    this.collector = new TurnResultCollector(id);
    const onAbort = () => {
      this.hasAbort = true;
      this.abortReason = signal?.reason;
      this.interrupt().catch(() => {
        // the turn may have just finished; the result says how it ended
      });
    };
    if (signal?.aborted) queueMicrotask(onAbort);
    else signal?.addEventListener("abort", onAbort, { once: true });
    const offRequests = session.onServerRequest((event) => {
      const { turnId } = routingKeyOf(event.params);
      if (turnId !== undefined && this.ownsTurn(turnId)) this.collector.addServerRequest(event);
    });
    // Unsubscribed when the result is taken, or when the turn completes (a handle nobody reads must not leak).
    if (!spansTurns) void session.whenTurnCompleted(id).then(offRequests);
    this.detachAbort = () => {
      signal?.removeEventListener("abort", onAbort);
      offRequests();
    };
  }

  /** Whether a server request for `turnId` belongs to this handle's result (a goal spans several turns). */
  protected ownsTurn(turnId: string): boolean {
    return turnId === this.id;
  }

  /**
   * This turn's notifications, in order, ending after its `turn/completed`. Can be read once at a time;
   * breaking out early leaves the rest for {@link TurnHandle.run}. With `{ reconnects: true }` it also
   * yields a {@link TurnReconnectedEvent} where the connection dropped and came back
   * (`CodexOptions.reconnect`), right before the items recovered from the gap; without it such gaps are
   * only listed in {@link TurnHandle.reconnects}.
   */
  stream(): AsyncGenerator<Notification, void, undefined>;
  /** This turn's notifications, plus a {@link TurnReconnectedEvent} where the connection dropped and came back. */
  stream(options: { reconnects: true }): AsyncGenerator<TurnStreamEvent, void, undefined>;
  /** This turn's notifications; with `reconnects: true` also its {@link TurnReconnectedEvent}s. */
  stream(options?: { reconnects?: boolean }): AsyncGenerator<TurnStreamEvent, void, undefined>;
  stream(options: { reconnects?: boolean } = {}): AsyncGenerator<TurnStreamEvent, void, undefined> {
    return this.events(options.reconnects === true);
  }

  /**
   * The drops this turn survived (`CodexOptions.reconnect`), in order, as seen so far by whoever reads the
   * stream (or {@link TurnHandle.run}). Empty when the connection never dropped during the turn.
   */
  get reconnects(): ReadonlyArray<TurnReconnectedEvent["params"]> {
    return this.survived;
  }

  private async *events(withReconnects: boolean): AsyncGenerator<TurnStreamEvent, void, undefined> {
    if (this.streaming) throw new Error(`turn ${this.id} is already being streamed`);
    this.streaming = true;
    try {
      while (!this.collector.done) {
        const next = await this.queue.next();
        if (next.done) break;
        // A reconnect's gap event travels with the notifications (see CodexOptions.reconnect).
        const event = next.value as TurnStreamEvent;
        if (isTurnReconnectedEvent(event)) {
          this.survived.push(event.params);
          if (withReconnects) yield event;
          continue;
        }
        this.collector.add(event);
        yield event;
      }
    } finally {
      this.streaming = false;
      if (this.collector.done) this.finish();
    }
  }

  /** Same as {@link TurnHandle.stream}: `for await (const event of turn)`. */
  [Symbol.asyncIterator](): AsyncIterator<Notification> {
    return this.stream();
  }

  /** Adds input to this running turn (`turn/steer`). A string is shorthand for a text item. */
  async steer(input: RunInput): Promise<TurnSteerResponse> {
    const wire = normalizeInput(input);
    return this.session.request("turn/steer", {
      threadId: this.threadId,
      expectedTurnId: this.id,
      input: wire,
    });
  }

  /** Asks the server to stop this turn (`turn/interrupt`); the turn then completes as `interrupted`. */
  async interrupt(): Promise<TurnInterruptResponse> {
    // turn/start answers before the turn is active, and an interrupt sent before `turn/started` is
    // refused ("no active turn to interrupt"): the turn would then run on, and an abort would be lost.
    await this.session.whenTurnStarted(this.id);
    return this.session.request("turn/interrupt", { threadId: this.threadId, turnId: this.id });
  }

  /**
   * Waits for the turn to complete and returns its {@link TurnResult}. A turn that ends `failed` rejects
   * with {@link TurnFailedError} (the result is on `error.result`); a turn stopped by its `signal` rejects
   * with {@link TurnAbortedError}; an `interrupted` turn (by `interrupt()`, another client, or a refused
   * server request — see `result.serverRequests`) resolves.
   */
  run(): Promise<TurnResult<TOutput>> {
    // Refused before anything is cached or settled, so run() still works once the stream() loop has ended.
    if (!this.resultPromise && this.streaming) {
      return Promise.reject(
        new CodexError(
          `turn ${this.id} is being streamed; call run() after the stream() loop ends (it then returns at once)`,
          { code: "invalid_state" },
        ),
      );
    }
    this.resultPromise ??= this.collect();
    return this.resultPromise;
  }

  private async collect(): Promise<TurnResult<TOutput>> {
    try {
      for await (const _ of this.stream()) {
        // drain: stream() feeds the collector
      }
      const result = this.collector.result<TOutput>();
      if (this.hasAbort && result.status !== "completed")
        throw new TurnAbortedError(result, this.abortReason);
      if (result.status === "failed") throw new TurnFailedError(result);
      if (this.parseOutput && result.finalResponse !== undefined && result.status === "completed") {
        try {
          result.output = (await this.parseOutput(result.finalResponse)) as TOutput;
        } catch (error) {
          // keep the turn's items and usage reachable from the error
          if (error instanceof OutputValidationError) error.result = result;
          throw error;
        }
      }
      return result;
    } finally {
      this.finish();
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.detachAbort();
    this.onSettled();
  }

  private finished = false;
}
