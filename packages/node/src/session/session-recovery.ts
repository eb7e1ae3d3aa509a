import {
  type ClientMethod,
  type ClientParams,
  type ClientResult,
  JsonRpcError,
  type JsonRpcMessage,
  type Notification,
} from "@codexkit/core";
import { codexSays } from "@codexkit/core/internal";
import { delay } from "../internal/async.js";
import type { ReconnectGap, ReconnectOwner, StillCurrent } from "../reconnect/reconnect-owner.js";
import type { TurnReconnectedEvent } from "../reconnect/turn-reconnected-event.js";
import type { Turns } from "./turns.js";

/** What a {@link SessionRecovery} uses of its session. */
export interface RecoveryHost {
  /** The session's turn records (which turns run, which of their items were delivered). */
  readonly turns: Turns;
  /** Sends `initialize` and `initialized` on the connection again. */
  initialize(): Promise<unknown>;
  /** Sends one request on the connection at once (a recovery's requests do not wait for the recovery). */
  request<M extends ClientMethod>(method: M, params?: ClientParams<M>): Promise<ClientResult<M>>;
  /** Hands a notification to the session as if it had arrived: records, turn router, listeners. */
  deliver(notification: Notification | TurnReconnectedEvent): void;
  /** Holds incoming notifications and server requests while `work` runs (the transport's hold). */
  hold(work: (current: StillCurrent) => Promise<void>): void;
}

/** A turn as `thread/read {includeTurns}` shows it (the fields recovery reads). */
interface ReadTurn {
  id: string;
  status: string;
  completedAt?: number | null;
  items: Array<{ id: string; status?: string }>;
}

/** Requests whose answer names a thread this client is then subscribed to. */
const SUBSCRIBING: ReadonlySet<string> = new Set(["thread/start", "thread/resume", "thread/fork"]);

/**
 * Tries of what codex gets right within moments: a late resume, and the read of a turn it shows as only
 * starting (see {@link onlyStarting}). Spaced by {@link pauseAfter}: about 10 s in all.
 */
const TRIES = 60;

/** How many recovered completions are kept after a recovery (only the last few can still have a live duplicate). */
const RECOVERED_COMPLETIONS_KEPT = 32;

/**
 * What a reconnecting session does to carry on after its connection came back (`CodexOptions.reconnect`):
 * the transport reconnects and holds incoming messages, this restores the protocol state through the
 * session's own connection. It replays `initialize`, resumes the threads the client is subscribed to (a
 * thread with no turn yet answers "no rollout found": it needs nothing until its first turn starts, and is
 * resumed then), reads each running turn (`thread/read {includeTurns}`) and delivers what it missed
 * through the session's dispatch: a `codexkit/reconnected` event, the turn's completed items not delivered
 * yet, and its `turn/completed` if it ended in the gap, all before the live messages held meanwhile. A turn
 * the server no longer knows is completed as `failed` (never left hanging). The session's own requests
 * wait while it recovers. Internal to @codexkit/node.
 *
 * Ordering and duplicates: the items a turn delivered are noted in its record, so a live `item/completed`
 * that a recovery already delivered is dropped, and so is the live `turn/completed` of a turn the recovery
 * completed. Everything is dropped with the turn's record (its completion) or the thread's unsubscribe.
 */
export class SessionRecovery implements ReconnectOwner {
  /** Threads this client is subscribed to, from the answers it saw: resumed on every reconnect. */
  private readonly threads = new Set<string>();
  /**
   * Subscribed threads the last reconnect could not resume because they had no turn yet ("no rollout
   * found"): the connection gets none of their events until a turn exists and they are resumed.
   */
  private readonly unresumed = new Set<string>();
  /** Threads being resumed late (their first turn started). */
  private readonly resumingLate = new Set<string>();
  /** Turns completed from a `thread/read`: their live `turn/completed` is a duplicate. */
  private readonly recoveredCompletions = new Set<string>();
  /** Set while a reconnect recovers: the session's own requests wait for it. */
  private gate: { promise: Promise<void>; open: () => void } | undefined;

  constructor(private readonly host: RecoveryHost) {}

  /** While a reconnect recovers, resolves once it is done (or the connection closed); else undefined. */
  waiting(): Promise<void> | undefined {
    return this.gate?.promise;
  }

  /** The connection closed for good: nothing waits for a recovery any more, and nothing is kept. */
  closed(): void {
    this.openGate();
    this.threads.clear();
    this.unresumed.clear();
    this.recoveredCompletions.clear();
  }

  /** Notes what a client request and its answer say about subscriptions; returns `answer`. */
  track<T>(method: ClientMethod, params: unknown, answer: Promise<T>): Promise<T> {
    const threadId = threadIdOf(params);
    if (method === "thread/unsubscribe" && threadId) this.forget(threadId);
    return answer.then((result) => {
      const opened = (result as { thread?: { id?: unknown } } | undefined)?.thread?.id;
      if (SUBSCRIBING.has(method) && typeof opened === "string") this.threads.add(opened);
      // The first turn of a thread the reconnect could not resume: resume it now.
      if (
        method === "turn/start" &&
        threadId &&
        this.unresumed.has(threadId) &&
        !this.resumingLate.has(threadId)
      ) {
        this.resumingLate.add(threadId);
        this.host.hold((current) => this.resumeLate(threadId, current));
      }
      return result;
    });
  }

  /** Whether the session dispatches `notification`: false for an item or completion already delivered. */
  admits(notification: Notification): boolean {
    switch (notification.method) {
      case "item/completed":
        return this.host.turns.delivered(notification.params.turnId, notification.params.item.id);
      case "turn/completed": {
        const turnId = notification.params.turn.id;
        return this.host.turns.isRunning(turnId) || !this.recoveredCompletions.has(turnId);
      }
      case "thread/closed":
        this.forget(notification.params.threadId);
        return true;
      default:
        return true;
    }
  }

  /**
   * The connection came back (the transport holds incoming messages meanwhile): replays `initialize`,
   * resumes the subscribed threads, and delivers what the running turns missed; then the session's own
   * requests go out again.
   */
  async recover(gap: ReconnectGap, current: StillCurrent): Promise<void> {
    if (!this.gate) {
      let open!: () => void;
      const promise = new Promise<void>((resolve) => {
        open = resolve;
      });
      this.gate = { promise, open };
    }
    await this.host.initialize();
    this.unresumed.clear();
    for (const threadId of [...this.threads]) {
      try {
        await this.host.request("thread/resume", { threadId });
      } catch (error) {
        if (!(error instanceof JsonRpcError)) throw error;
        if (!codexSays(error.message, "noRollout"))
          throw new Error(`thread/resume of ${threadId} failed: ${error.message}`);
        this.unresumed.add(threadId);
      }
    }
    const missed = await this.readMissed(current, gap);
    if (!current()) throw new Error("the connection recovered is gone");
    this.deliverAll(missed);
    this.openGate();
  }

  /** Holds the `turn/completed` of a turn recovered while running until one more read delivered what it missed. */
  holdBefore(message: JsonRpcMessage, current: StillCurrent): Promise<void> | undefined {
    if (message.method !== "turn/completed") return undefined;
    const params = message.params as { threadId?: unknown; turn?: { id?: unknown } } | undefined;
    const turnId = params?.turn?.id;
    if (typeof turnId !== "string" || typeof params?.threadId !== "string") return undefined;
    if (!this.host.turns.takeReadAtCompletion(turnId)) return undefined;
    return this.readAtCompletion(params.threadId, turnId, current);
  }

  /** Sizes, for leak checks (`codex.stats()`). */
  stats(): Record<string, number> {
    return { reconnectThreads: this.threads.size, reconnectUnresumed: this.unresumed.size };
  }

  private openGate(): void {
    this.gate?.open();
    this.gate = undefined;
  }

  private forget(threadId: string): void {
    this.threads.delete(threadId);
    this.unresumed.delete(threadId);
    this.host.turns.forgetThread(threadId);
  }

  /**
   * The first turn on a thread a reconnect could not resume has started: resumes the thread now (retrying
   * while its rollout is not written yet) and delivers the turn's events the connection missed before (its
   * completed items, and its completion if it already ended), without a gap event: the client was connected
   * all along. If it cannot, the thread's running turns fail rather than hang.
   */
  private async resumeLate(threadId: string, current: StillCurrent): Promise<void> {
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.host.request("thread/resume", { threadId });
          break;
        } catch (error) {
          // Right after the first turn starts, codex 0.171 may still answer "no rollout found", -32601
          // "list_turns is not supported yet" or "failed to read session metadata … rollout … is empty":
          // all pass within moments, so any error answer is retried (bounded) before the turn is given up.
          if (!(error instanceof JsonRpcError)) throw error;
          if (attempt >= TRIES) throw new Error(`thread/resume of ${threadId} failed: ${error.message}`);
          await pauseAfter(attempt);
          if (!current()) return;
        }
      }
      this.unresumed.delete(threadId);
      const missed = await this.readMissed(current, undefined, threadId);
      if (current()) this.deliverAll(missed);
    } catch (error) {
      if (!current()) return;
      // Its events cannot reach this connection: fail its running turns rather than leave them hanging.
      const why = error instanceof Error ? error.message : String(error);
      const lost = this.host.turns.running().filter((turn) => turn.threadId === threadId);
      this.deliverAll(
        lost.map(({ turnId }) =>
          this.lostTurn(threadId, turnId, `turn ${turnId} cannot be followed after a reconnect: ${why}`),
        ),
      );
    } finally {
      this.resumingLate.delete(threadId);
    }
  }

  /**
   * Reads each running turn (of `onlyThread`, if given; none of a thread not resumed) and returns what the
   * client missed: the gap event (after a drop), the completed items not delivered, the completion if the
   * turn ended, or a failed completion if the server does not know the turn. A turn still running is
   * marked to be read once more at its completion.
   */
  private async readMissed(
    current: StillCurrent,
    gap: ReconnectGap | undefined,
    onlyThread?: string,
  ): Promise<Array<Notification | TurnReconnectedEvent>> {
    const messages: Array<Notification | TurnReconnectedEvent> = [];
    const reconnectedAtMs = Date.now();
    for (const { turnId, threadId } of this.host.turns.running()) {
      if (onlyThread !== undefined && threadId !== onlyThread) continue;
      if (this.unresumed.has(threadId)) continue;
      let turn: ReadTurn | undefined;
      let why = "the turn is not in thread/read";
      try {
        turn = await this.readRunningTurn(threadId, turnId, current);
      } catch (error) {
        if (!(error instanceof JsonRpcError)) throw error;
        why = error.message;
      }
      const missed = missedItems(turn, this.host.turns.deliveredItems(turnId));
      if (gap) {
        messages.push({
          method: "codexkit/reconnected",
          params: {
            threadId,
            turnId,
            attempt: gap.attempt,
            disconnectedAtMs: gap.disconnectedAtMs,
            reconnectedAtMs,
            recoveredItems: missed.length,
            ...(gap.closeCode === undefined ? {} : { closeCode: gap.closeCode }),
          },
        });
      }
      messages.push(...itemCompletions(threadId, turnId, missed, reconnectedAtMs));
      this.host.turns.setReadAtCompletion(turnId, turn?.status === "inProgress");
      if (!turn) {
        messages.push(
          this.lostTurn(threadId, turnId, `turn ${turnId} could not be recovered after a reconnect: ${why}`),
        );
      } else if (turn.status !== "inProgress") {
        this.recoveredCompletions.add(turnId);
        messages.push({ method: "turn/completed", params: { threadId, turn } } as unknown as Notification);
      }
    }
    return messages;
  }

  /**
   * Reads a turn the client holds as running. Codex can show a turn that is only starting as ended: right after
   * `turn/start`, `thread/read` may answer it `interrupted`, with no items and no `completedAt`, its thread
   * `idle` (0.171: a probe reading 380 turns from their start saw it in 8). Taken as its end, the turn would
   * complete without its answer. A turn that did end has its `completedAt`, so such a turn is read again
   * ({@link TRIES}) until codex shows it running or ended. One that stays so (its server was restarted mid-turn)
   * is taken as shown after the last read, so nothing waits for a completion that never comes.
   */
  private async readRunningTurn(
    threadId: string,
    turnId: string,
    current: StillCurrent,
  ): Promise<ReadTurn | undefined> {
    for (let attempt = 1; ; attempt++) {
      const turn = turnOf(await this.host.request("thread/read", { threadId, includeTurns: true }), turnId);
      if (!turn || !onlyStarting(turn) || attempt >= TRIES || !current()) return turn;
      await pauseAfter(attempt);
    }
  }

  /**
   * A turn recovered while still running has completed: reads it once more and delivers the items the
   * connection never got, before the completion (held by the transport meanwhile). A thread's events reach
   * a connection only once its subscription holds, and `thread/read` of a running turn may not show an item
   * codex completed just before that (its rollout is written behind the events): at completion it has all.
   * If the read fails (a drop: the reconnect recovers the turn), nothing is delivered.
   */
  private async readAtCompletion(threadId: string, turnId: string, current: StillCurrent): Promise<void> {
    const delivered = this.host.turns.deliveredItems(turnId);
    if (!delivered) return;
    let turn: ReadTurn | undefined;
    try {
      turn = turnOf(await this.host.request("thread/read", { threadId, includeTurns: true }), turnId);
    } catch {
      return;
    }
    if (current())
      this.deliverAll(itemCompletions(threadId, turnId, missedItems(turn, delivered), Date.now()));
  }

  /** A `turn/completed` that fails a turn the client can no longer follow (never leave it hanging). */
  private lostTurn(threadId: string, turnId: string, message: string): Notification {
    this.recoveredCompletions.add(turnId);
    const turn = {
      id: turnId,
      rootTurnId: null,
      items: [],
      itemsView: "full",
      status: "failed",
      error: { message, codexErrorInfo: null, additionalDetails: null },
      startedAt: null,
      completedAt: null,
      durationMs: null,
    };
    return { method: "turn/completed", params: { threadId, turn } } as unknown as Notification;
  }

  /** Hands recovered messages to the session, in order; keeps the recovered completions bounded. */
  private deliverAll(messages: Array<Notification | TurnReconnectedEvent>): void {
    for (const message of messages) this.host.deliver(message);
    for (const turnId of this.recoveredCompletions) {
      if (this.recoveredCompletions.size <= RECOVERED_COMPLETIONS_KEPT) break;
      this.recoveredCompletions.delete(turnId);
    }
  }
}

function threadIdOf(params: unknown): string | undefined {
  const threadId = (params as { threadId?: unknown } | undefined)?.threadId;
  return typeof threadId === "string" ? threadId : undefined;
}

/** The pause after try `attempt` of {@link TRIES}: 10 ms more each time, at most 250 ms. */
function pauseAfter(attempt: number): Promise<void> {
  return delay(Math.min(250, 10 * attempt));
}

/** Whether `thread/read` shows a turn as codex does one that has only started: interrupted, yet never completed. */
function onlyStarting(turn: ReadTurn): boolean {
  return turn.status === "interrupted" && (turn.completedAt ?? null) === null;
}

function turnOf(result: unknown, turnId: string): ReadTurn | undefined {
  const turns = (result as { thread?: { turns?: ReadTurn[] } } | undefined)?.thread?.turns ?? [];
  return turns.find((turn) => turn.id === turnId);
}

/** The turn's completed items the client has not been given. */
function missedItems(
  turn: ReadTurn | undefined,
  delivered: ReadonlySet<string> | undefined,
): ReadTurn["items"] {
  return (turn?.items ?? []).filter((item) => !delivered?.has(item.id) && item.status !== "inProgress");
}

function itemCompletions(
  threadId: string,
  turnId: string,
  items: ReadTurn["items"],
  completedAtMs: number,
): Notification[] {
  return items.map(
    (item) =>
      ({
        method: "item/completed",
        params: { threadId, turnId, item, completedAtMs },
      }) as unknown as Notification,
  );
}
