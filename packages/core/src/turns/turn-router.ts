import type { Notification } from "../protocol/methods.js";
import { routingKeyOf } from "../protocol/routing-keys.js";
import { AsyncQueue } from "./async-queue.js";

/** How many completed turn ids the router remembers, to drop stragglers that arrive after `turn/completed`. */
const COMPLETED_MEMORY = 4096;
/** How many turns that completed before they were opened keep their notifications for a late opener. */
const UNOPENED_MEMORY = 256;
/** How many started, not yet opened turns keep their notifications for an opener (oldest evicted first). */
const EARLY_MEMORY = 256;

/**
 * Delivers turn-scoped notifications to per-turn queues keyed by turn id (turn ids are unique across
 * threads). Notifications that arrive before their turn is opened — they race the `turn/start` response —
 * are buffered and replayed in order when it is. A turn's queue ends after its `turn/completed`, and the
 * router forgets the turn, so its maps return to empty when no turn is running. A turn that completes
 * before anyone opened it keeps its notifications in a small bounded memory: under load the server can
 * write a whole short turn before the `turn/start` answer that names it, and the late opener must still get
 * them. Turns nobody ever opens (e.g. server-initiated compaction turns) are evicted from that memory.
 *
 * Only what can still be claimed is buffered: notifications of a turn whose `turn/started` this router
 * has seen (the server sends it before anything else of the turn). Anything else — e.g. the previous
 * turn's `thread/tokenUsage/updated` that codex re-sends after `thread/resume`, with an id no turn will
 * ever be opened for — is dropped at once. At most 256 turns are buffered; beyond that the oldest go.
 */
export class TurnRouter {
  private readonly open = new Map<string, AsyncQueue<Notification>>();
  private readonly early = new Map<string, Notification[]>();
  /** Turns whose `turn/started` was seen and that have not completed; they may still be opened. */
  private readonly started = new Set<string>();
  private readonly completed = new Set<string>();
  /** Notifications of turns that completed before they were opened, oldest first (bounded). */
  private readonly unopened = new Map<string, Notification[]>();
  private failure: unknown;

  /**
   * Routes one notification. Returns true when it was turn-scoped (delivered, buffered or dropped as a
   * straggler), false when it carries no turn id and belongs to the caller's thread/global listeners.
   */
  route(notification: Notification): boolean {
    const { turnId } = routingKeyOf(notification.params);
    if (turnId === undefined) return false;
    if (this.failure !== undefined) return true; // the connection is gone: nothing will consume it
    const queue = this.open.get(turnId);
    const isCompletion = notification.method === "turn/completed";
    if (queue) {
      queue.push(notification);
      if (isCompletion) {
        queue.end();
        this.open.delete(turnId);
        this.remember(turnId);
      }
      return true;
    }
    if (this.completed.has(turnId)) return true;
    if (notification.method === "turn/started") this.markStarted(turnId);
    // Not started here: no `turn/start` of ours can name it (stragglers of turns from before a resume).
    if (!this.started.has(turnId)) {
      if (isCompletion) this.remember(turnId);
      return true;
    }
    if (isCompletion) {
      const buffered = this.early.get(turnId) ?? [];
      this.early.delete(turnId);
      this.started.delete(turnId);
      buffered.push(notification);
      this.unopened.set(turnId, buffered);
      if (this.unopened.size > UNOPENED_MEMORY) {
        const oldest = this.unopened.keys().next().value;
        if (oldest !== undefined) this.unopened.delete(oldest);
      }
      this.remember(turnId);
      return true;
    }
    const buffer = this.early.get(turnId);
    if (buffer) buffer.push(notification);
    else this.early.set(turnId, [notification]);
    return true;
  }

  /**
   * Opens the queue of a turn, replaying anything buffered for it. Opening an open turn returns the same
   * queue. Opening a turn that completed before anyone opened it replays its notifications, through
   * `turn/completed`, then ends; opening one that was already opened and completed returns an ended queue.
   */
  openTurn(turnId: string): AsyncQueue<Notification> {
    const existing = this.open.get(turnId);
    if (existing) return existing;
    const queue = new AsyncQueue<Notification>();
    if (this.failure !== undefined) {
      queue.fail(this.failure);
      return queue;
    }
    const completedUnopened = this.unopened.get(turnId);
    if (completedUnopened) {
      this.unopened.delete(turnId);
      for (const notification of completedUnopened) queue.push(notification);
      queue.end();
      return queue;
    }
    if (this.completed.has(turnId)) {
      queue.end();
      return queue;
    }
    this.open.set(turnId, queue);
    this.started.delete(turnId);
    const buffered = this.early.get(turnId);
    if (buffered) {
      this.early.delete(turnId);
      for (const notification of buffered) queue.push(notification);
    }
    return queue;
  }

  /** Stops delivering to a turn (its consumer went away); later notifications for it are dropped at completion. */
  closeTurn(turnId: string): void {
    const queue = this.open.get(turnId);
    if (!queue) return;
    queue.end();
    this.open.delete(turnId);
  }

  /** Fails every open queue (and every later one) with `error`: the connection is gone. */
  failAll(error: unknown): void {
    this.failure = error;
    for (const queue of this.open.values()) queue.fail(error);
    this.open.clear();
    this.early.clear();
    this.started.clear();
    this.unopened.clear();
  }

  /** Whether `turn/completed` for `turnId` was seen recently (the router remembers the last 4096). */
  hasCompleted(turnId: string): boolean {
    return this.completed.has(turnId);
  }

  /** Sizes of the internal maps, for leak checks. */
  stats(): {
    /** Open turn queues. */
    open: number;
    /** Turns with notifications buffered before their queue opened. */
    buffered: number;
    /** Completed turn ids remembered. */
    rememberedCompleted: number;
    /** Turns that completed before they were opened, kept (bounded) for a late opener. */
    completedUnopened: number;
  } {
    return {
      open: this.open.size,
      buffered: this.early.size,
      rememberedCompleted: this.completed.size,
      completedUnopened: this.unopened.size,
    };
  }

  /** Records a started turn; beyond {@link EARLY_MEMORY} the oldest unopened one is forgotten. */
  private markStarted(turnId: string): void {
    this.started.add(turnId);
    if (this.started.size > EARLY_MEMORY) {
      const oldest = this.started.values().next().value;
      if (oldest !== undefined) {
        this.started.delete(oldest);
        this.early.delete(oldest);
      }
    }
  }

  private remember(turnId: string): void {
    this.completed.add(turnId);
    if (this.completed.size > COMPLETED_MEMORY) {
      const oldest = this.completed.values().next().value;
      if (oldest !== undefined) this.completed.delete(oldest);
    }
  }
}
