import { AbortError, type ThreadItem } from "@codexkit/core";
import type { RequestHandlers, StartedItem } from "../approvals/approvals.js";

/** What one session knows of one turn, from when the turn is first named until it completes. */
interface TurnRecord {
  /** `turn/started` was seen: the turn runs (and the server accepts `turn/interrupt` for it). */
  started: boolean;
  /**
   * This client started the turn (its `turn/start` or `review/start` answer named it): on a server other
   * clients share, it answers the turn's server requests and routes the turn's events.
   */
  owned: boolean;
  /** The turn's own server-request handlers (`TurnOptions`), asked before its thread's and the client's. */
  handlers: RequestHandlers | undefined;
  /** Its file changes and commands, from `item/started` until `item/completed`, by item id: approvals show them. */
  readonly items: Map<string, StartedItem>;
  /** Its tool calls whose `execute` has not answered, by server request id. */
  readonly toolCalls: Map<string | number, AbortController>;
  /** Who waits for `turn/started`. */
  readonly startWaiters: Array<() => void>;
  /** Who waits for `turn/completed`. */
  readonly completionWaiters: Array<() => void>;
  /** The turn's thread, once an event or answer named it (a reconnect reads the thread to recover the turn). */
  threadId: string | undefined;
  /** With reconnecting on: the ids of its items whose `item/completed` was delivered (never twice). */
  readonly delivered: Set<string> | undefined;
  /**
   * A reconnect recovered it while it was still running: its `turn/completed` waits for one more
   * `thread/read` (see session-recovery.ts).
   */
  readAtCompletion: boolean;
}

/**
 * The turns of one session, one {@link TurnRecord} each: made when the turn is first named (its `turn/start`
 * answer, its `turn/started`, one of its items, tool calls or waiters) and removed when it completes
 * ({@link Turns.complete}) or the connection closes ({@link Turns.closeAll}): those two are the whole of a
 * turn's cleanup. The turn's events are queued by the session's `TurnRouter`, which also keeps the events of
 * turns no record names yet (they can precede the `turn/start` answer). Internal to @codexkit/node.
 */
export class Turns {
  private readonly records = new Map<string, TurnRecord>();
  private closed = false;

  constructor(
    /** Whether `turn/completed` of `turnId` was already seen: nothing is recorded of a finished turn. */
    private readonly hasCompleted: (turnId: string) => boolean,
    /** Whether to note each turn's delivered items (for a reconnect's recovery: see {@link Turns.delivered}). */
    private readonly trackDelivered = false,
  ) {}

  /** How many turns are running (started, not completed). */
  get active(): number {
    let count = 0;
    for (const record of this.records.values()) if (record.started) count++;
    return count;
  }

  /** Whether `turn/started` for `turnId` has been seen and its `turn/completed` not yet. */
  isActive(turnId: string): boolean {
    return this.records.get(turnId)?.started === true;
  }

  /** `turn/started` was seen: the turn runs; who waited for that is told. */
  started(turnId: string, threadId?: string): void {
    const record = this.record(turnId);
    record.started = true;
    record.threadId ??= threadId;
    settle(record.startWaiters);
  }

  /** Resolves at `turn/started` (or the completion) of `turnId`, or when the connection closes. */
  whenStarted(turnId: string): Promise<void> {
    return new Promise((resolve) => this.record(turnId).startWaiters.push(resolve));
  }

  /** Resolves at `turn/completed` of `turnId`, or when the connection closes. */
  whenCompleted(turnId: string): Promise<void> {
    return new Promise((resolve) => this.record(turnId).completionWaiters.push(resolve));
  }

  /** This client's `turn/start` or `review/start` answer named `turnId` (nothing is kept once it finished). */
  own(turnId: string, threadId?: string): void {
    if (this.closed || this.hasCompleted(turnId)) return;
    const record = this.record(turnId);
    record.owned = true;
    record.threadId ??= threadId;
  }

  /** The turns started here or seen starting, not completed yet, whose thread is known. */
  running(): Array<{ turnId: string; threadId: string }> {
    const running: Array<{ turnId: string; threadId: string }> = [];
    for (const [turnId, record] of this.records)
      if ((record.started || record.owned) && record.threadId !== undefined)
        running.push({ turnId, threadId: record.threadId });
    return running;
  }

  /** Whether `turnId` was started here or seen starting, and has not completed. */
  isRunning(turnId: string): boolean {
    const record = this.records.get(turnId);
    return record !== undefined && (record.started || record.owned);
  }

  /**
   * Notes that `item/completed` of `itemId` (of `turnId`) is delivered; false when it already was (a
   * reconnect recovered it: it must not be delivered twice). Only with `trackDelivered`, for known turns.
   */
  delivered(turnId: string, itemId: string): boolean {
    const delivered = this.records.get(turnId)?.delivered;
    if (!delivered) return true;
    if (delivered.has(itemId)) return false;
    delivered.add(itemId);
    return true;
  }

  /** The items of `turnId` whose `item/completed` was delivered (with `trackDelivered`, for a known turn). */
  deliveredItems(turnId: string): ReadonlySet<string> | undefined {
    return this.records.get(turnId)?.delivered;
  }

  /** Marks (or unmarks) a running turn whose completion waits for one more read (see session-recovery.ts). */
  setReadAtCompletion(turnId: string, on: boolean): void {
    const record = this.records.get(turnId);
    if (record) record.readAtCompletion = on;
  }

  /** Whether the completion of `turnId` waits for one more read; unmarks it. */
  takeReadAtCompletion(turnId: string): boolean {
    const record = this.records.get(turnId);
    if (!record?.readAtCompletion) return false;
    record.readAtCompletion = false;
    return true;
  }

  /** Unmarks every turn of `threadId` (the thread is no longer subscribed). */
  forgetThread(threadId: string): void {
    for (const record of this.records.values())
      if (record.threadId === threadId) record.readAtCompletion = false;
  }

  /** Whether this client started `turnId` (see {@link Turns.own}). */
  owns(turnId: string): boolean {
    return this.records.get(turnId)?.owned === true;
  }

  /** The turn's own handlers, for its server requests (nothing is kept once it finished). */
  setHandlers(turnId: string, handlers: RequestHandlers): void {
    if (this.closed || this.hasCompleted(turnId)) return;
    this.record(turnId).handlers = handlers;
  }

  /** The turn's own handlers, if it has any. */
  handlersOf(turnId: string): RequestHandlers | undefined {
    return this.records.get(turnId)?.handlers;
  }

  /** `item/started`: a file change or command is kept until it completes, for the approvals about it. */
  itemStarted(turnId: string, item: ThreadItem): void {
    if (item.type !== "fileChange" && item.type !== "commandExecution") return;
    this.record(turnId).items.set(item.id, item);
  }

  /** `item/completed`: the item is no longer kept. */
  itemCompleted(turnId: string, itemId: string): void {
    if (this.records.get(turnId)?.items.delete(itemId)) return;
    for (const record of this.records.values()) if (record.items.delete(itemId)) return;
  }

  /** The file change or command `itemId` (of `turnId`, else of any turn) as its `item/started` announced it. */
  startedItem(turnId: string | null, itemId: string): StartedItem | undefined {
    const own = turnId === null ? undefined : this.records.get(turnId)?.items.get(itemId);
    if (own) return own;
    for (const record of this.records.values()) {
      const item = record.items.get(itemId);
      if (item) return item;
    }
    return undefined;
  }

  /**
   * A tool call of `turnId` is running: `controller` aborts if the turn completes first (upstream never
   * withdraws a tool call). Returns what to call once the call has answered.
   */
  toolCallRunning(turnId: string, requestId: string | number, controller: AbortController): () => void {
    const record = this.record(turnId);
    record.toolCalls.set(requestId, controller);
    return () => {
      record.toolCalls.delete(requestId);
      if (this.records.get(turnId) === record && isEmpty(record)) this.records.delete(turnId);
    };
  }

  /**
   * `turn/completed` was seen: the turn's whole cleanup. Its record goes (its handlers, kept items and
   * ownership with it), whoever waited for its start or completion is told, and its running tool calls abort.
   */
  complete(turnId: string): void {
    const record = this.records.get(turnId);
    if (!record) return;
    this.records.delete(turnId);
    settle(record.startWaiters);
    settle(record.completionWaiters);
    for (const controller of record.toolCalls.values())
      controller.abort(new AbortError(`turn ${turnId} ended before the tool answered`));
  }

  /**
   * The connection closed: every record goes and every waiter is told. (Running tool calls are aborted by
   * the connection itself, through their request's signal.)
   */
  closeAll(): void {
    this.closed = true;
    const records = [...this.records.values()];
    this.records.clear();
    for (const record of records) settle(record.completionWaiters);
    for (const record of records) settle(record.startWaiters);
  }

  /** Sizes, for leak checks (`codex.stats()`). */
  stats(): Record<string, number> {
    const sizes = {
      activeTurns: 0,
      startWaiters: 0,
      completionWaiters: 0,
      ownedTurns: 0,
      turnHandlers: 0,
      startedItems: 0,
      runningToolCalls: 0,
      reconnectReadAtCompletion: 0,
    };
    for (const record of this.records.values()) {
      if (record.started) sizes.activeTurns++;
      if (record.startWaiters.length > 0) sizes.startWaiters++;
      if (record.completionWaiters.length > 0) sizes.completionWaiters++;
      if (record.owned) sizes.ownedTurns++;
      if (record.handlers) sizes.turnHandlers++;
      sizes.startedItems += record.items.size;
      sizes.runningToolCalls += record.toolCalls.size;
      if (record.readAtCompletion) sizes.reconnectReadAtCompletion++;
    }
    // Only a reconnecting session marks turns to read at completion.
    const { reconnectReadAtCompletion: _, ...withoutReconnect } = sizes;
    return this.trackDelivered ? sizes : withoutReconnect;
  }

  private record(turnId: string): TurnRecord {
    let record = this.records.get(turnId);
    if (!record) {
      record = {
        started: false,
        owned: false,
        handlers: undefined,
        items: new Map(),
        toolCalls: new Map(),
        startWaiters: [],
        completionWaiters: [],
        threadId: undefined,
        delivered: this.trackDelivered ? new Set() : undefined,
        readAtCompletion: false,
      };
      this.records.set(turnId, record);
    }
    return record;
  }
}

/** Calls and forgets every waiter. */
function settle(waiters: Array<() => void>): void {
  for (const resolve of waiters.splice(0)) resolve();
}

/** Whether a record holds nothing any more (e.g. a tool call of an already finished turn has answered). */
function isEmpty(record: TurnRecord): boolean {
  return (
    !record.started &&
    !record.owned &&
    record.handlers === undefined &&
    record.items.size === 0 &&
    record.toolCalls.size === 0 &&
    record.startWaiters.length === 0 &&
    record.completionWaiters.length === 0 &&
    !record.readAtCompletion
  );
}
