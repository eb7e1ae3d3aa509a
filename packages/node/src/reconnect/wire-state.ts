import type { JsonRpcMessage } from "@codexkit/core";

/** A turn this client saw running, and the items of it already delivered. */
interface RunningTurn {
  threadId: string;
  items: Set<string>;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

function idOf(value: unknown): string | undefined {
  const id = record(value)?.id;
  return typeof id === "string" ? id : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Methods whose answer names a thread this client is then subscribed to. */
const SUBSCRIBING = new Set(["thread/start", "thread/resume", "thread/fork"]);

/**
 * What a reconnecting client must restore, read off the messages that pass through it: the `initialize`
 * request, the threads it is subscribed to, its requests awaiting an answer, the running turns and their
 * delivered items. Everything is dropped when it ends (a turn completes, a thread closes, a request is
 * answered), so nothing grows with the number of turns. Internal to @codexkit/node.
 */
export class WireState {
  /** The client's `initialize` params, replayed on every reconnect. */
  initializeParams: unknown;
  /** Whether the client sent `initialized` (replayed after the replayed `initialize`). */
  initialized = false;
  /** Threads this client is subscribed to. */
  readonly threads = new Set<string>();
  /** Client requests awaiting an answer: id → method and params. */
  readonly pending = new Map<string | number, { method: string; params: unknown }>();
  /**
   * Subscribed threads the last reconnect could not resume because they had no turn yet ("no rollout
   * found"): the new connection gets none of their events until a turn exists and they are resumed.
   */
  readonly unresumed = new Set<string>();
  /** Set when a `turn/start` on an {@link WireState.unresumed} thread is answered: resume it now. */
  resumeNow: string | undefined;
  /** Running turns by id. */
  readonly turns = new Map<string, RunningTurn>();
  /**
   * Turns a reconnect recovered while they were still running: the connection may have missed an item
   * completed just before its subscription held, so their `turn/completed` waits for one more `thread/read`.
   */
  readonly readAtCompletion = new Set<string>();

  /** Notes a message the client sends. */
  outgoing(message: JsonRpcMessage): void {
    const method = stringOf(message.method);
    if (method === undefined) return;
    const id = message.id as string | number | undefined;
    if (method === "initialize") this.initializeParams = message.params;
    if (method === "initialized") this.initialized = true;
    if (method === "thread/unsubscribe") {
      const threadId = stringOf(record(message.params)?.threadId);
      if (threadId) this.forgetThread(threadId);
    }
    if (id !== undefined) this.pending.set(id, { method, params: message.params });
  }

  /**
   * Notes a message from the server. Returns false for an `item/completed` or `turn/completed` already
   * delivered (recovered from `thread/read` during a reconnect): it must not be delivered twice.
   */
  incoming(message: JsonRpcMessage): boolean {
    const method = stringOf(message.method);
    if (method === undefined) {
      this.answered(message);
      return true;
    }
    if (message.id !== undefined) return true;
    const params = record(message.params);
    switch (method) {
      case "turn/started": {
        const turnId = idOf(params?.turn);
        const threadId = stringOf(params?.threadId);
        if (turnId && threadId && !this.turns.has(turnId))
          this.turns.set(turnId, { threadId, items: new Set() });
        return true;
      }
      case "item/completed": {
        const turn = this.turns.get(stringOf(params?.turnId) ?? "");
        const itemId = idOf(params?.item);
        if (turn && itemId) {
          if (turn.items.has(itemId)) return false;
          turn.items.add(itemId);
        }
        return true;
      }
      case "turn/completed": {
        const turnId = idOf(params?.turn);
        if (!turnId) return true;
        if (!this.turns.has(turnId)) {
          if (this.recoveredCompletions.has(turnId)) return false;
          this.noteCompleted(turnId);
          return true;
        }
        this.turns.delete(turnId);
        this.readAtCompletion.delete(turnId);
        this.noteCompleted(turnId);
        return true;
      }
      case "thread/closed": {
        const threadId = stringOf(params?.threadId);
        if (threadId) this.forgetThread(threadId);
        return true;
      }
      default:
        return true;
    }
  }

  /** Turns completed from a `thread/read` during a reconnect: their live `turn/completed` is a duplicate. */
  readonly recoveredCompletions = new Set<string>();

  /** Keeps the recovered completions bounded (only the last few can still have a late live duplicate). */
  settleRecovery(): void {
    for (const turnId of this.recoveredCompletions) {
      if (this.recoveredCompletions.size <= 32) break;
      this.recoveredCompletions.delete(turnId);
    }
  }

  /** The last completed turns (bounded): a `turn/start` answer that arrives after them must not revive them. */
  private readonly completed: string[] = [];

  private noteCompleted(turnId: string): void {
    this.completed.push(turnId);
    if (this.completed.length > 32) this.completed.shift();
  }

  /** Forgets everything (the client closed or gave up). */
  clear(): void {
    this.threads.clear();
    this.unresumed.clear();
    this.pending.clear();
    this.turns.clear();
    this.readAtCompletion.clear();
    this.recoveredCompletions.clear();
  }

  /** Sizes, for leak checks. */
  stats(): Record<string, number> {
    return {
      reconnectThreads: this.threads.size,
      reconnectUnresumed: this.unresumed.size,
      reconnectPending: this.pending.size,
      reconnectTurns: this.turns.size,
      reconnectReadAtCompletion: this.readAtCompletion.size,
    };
  }

  private answered(message: JsonRpcMessage): void {
    const id = message.id as string | number | undefined;
    if (id === undefined) return;
    const request = this.pending.get(id);
    if (!request) return;
    this.pending.delete(id);
    if (message.error !== undefined) return;
    const result = record(message.result);
    if (SUBSCRIBING.has(request.method)) {
      const threadId = idOf(result?.thread);
      if (threadId) this.threads.add(threadId);
    }
    if (request.method === "turn/start") {
      const turnId = idOf(result?.turn);
      const threadId = stringOf(record(request.params)?.threadId);
      if (turnId && threadId && !this.turns.has(turnId) && !this.completed.includes(turnId))
        this.turns.set(turnId, { threadId, items: new Set() });
      if (threadId && this.unresumed.has(threadId)) this.resumeNow = threadId;
    }
  }

  private forgetThread(threadId: string): void {
    this.threads.delete(threadId);
    this.unresumed.delete(threadId);
    for (const [turnId, turn] of this.turns) {
      if (turn.threadId !== threadId) continue;
      this.turns.delete(turnId);
      this.readAtCompletion.delete(turnId);
    }
  }
}
