import type { CodexError, ThreadInfo } from "@codexkit/core";
import { delay } from "../internal/async.js";
import type { Session } from "../session/session.js";
import type { ToolRegistry } from "../tools/tool-registry.js";
import type { LifecycleOptions } from "./lifecycle-options.js";
import { TurnSlots } from "./turn-slots.js";

/** How long an eviction waits for `thread/closed` before a resume of the same thread goes ahead. */
const UNLOAD_SETTLE_MS = 1000;

/** A live session with a thread loaded on it, held for one operation (turn, goal, compaction). */
export interface ThreadLease {
  /** Where the operation runs. */
  readonly session: Session;
  /** Who holds the thread there: the lifecycle of the client that owns `session`. */
  readonly host: ThreadHost;
  /** Ends the hold (idempotent): frees the turn slot and lets the thread be unloaded again. */
  release(): void;
}

/**
 * What a `Thread` asks before it uses its session: the client's lifecycle (or a pool) makes the
 * thread ready — starts an idle-stopped app-server again, resumes an unloaded thread, waits for a turn
 * slot, or moves the thread to a live pool member when its own died. Internal to @codexkit/node.
 */
export interface ThreadHost {
  /**
   * A live session with `threadId` loaded; `turn: true` also takes a turn slot (may queue). `tools` (the
   * thread's own) are bound on that session, also after a resume (an unload unbinds them).
   */
  acquire(
    threadId: string,
    current: Session | undefined,
    options: { turn: boolean; tools?: ToolRegistry | undefined },
  ): Promise<ThreadLease>;
  /** Unsubscribes the thread so the server unloads it; later use resumes it. */
  close(threadId: string, current: Session): Promise<void>;
}

/** How busy one client is: what a pool places threads by. */
export interface CodexActivity {
  /** Turns (goals, compactions) running now. */
  readonly runningTurns: number;
  /** Turns waiting for a slot (`maxConcurrentTurns`). */
  readonly queuedTurns: number;
  /** Threads this client has loaded on its app-server. */
  readonly loadedThreads: number;
  /** Whether the app-server is running now (false before the first use and after an idle stop). */
  readonly running: boolean;
}

/** Moves a thread to another client when this one's app-server died (a pool's, given to each member). */
export type Rehome = (
  threadId: string,
  options: { turn: boolean; carry?: Carry | undefined },
) => Promise<ThreadLease>;

/** Copies what a thread needs (its handlers and tools) onto the session it moves to. */
export type Carry = (to: Session) => void;

/** What `threadId` has bound on `from` (or the thread's own `tools`), to bind on the session it moves to. */
export function carryFrom(
  from: Session | undefined,
  threadId: string,
  own: ToolRegistry | undefined,
): Carry | undefined {
  const handlers = from?.scopes.threads.get(threadId);
  const tools = own ?? from?.tools.boundTo(threadId);
  if (!handlers && !tools) return undefined;
  return (to) => {
    if (handlers) to.scopes.threads.set(threadId, handlers);
    if (tools) to.tools.bind(threadId, tools);
  };
}

/** What the lifecycle may do to its client. */
export interface LifecycleControl {
  /** The live session, started if needed. */
  ensureSession(): Promise<Session>;
  /** Stops the app-server without closing the client (idle timeout). */
  stopIdle(): Promise<void>;
  /** Whether the client was closed by its user. */
  isClosed(): boolean;
}

interface LoadedThread {
  /** Operations holding the thread now. */
  busy: number;
  /** Whether a resume could load it again (it has a stored turn and is not ephemeral). */
  resumable: boolean;
  /** `thread.close()` was called while it was busy: unload it once it is not. */
  closing?: boolean;
}

/**
 * Per client: which threads are loaded (least recently used first), turn slots, unloading beyond
 * `maxLoadedThreads`, stopping an idle app-server, and reloading threads on their next use.
 * Internal to @codexkit/node.
 */
export class ThreadLifecycle implements ThreadHost {
  private readonly loaded = new Map<string, LoadedThread>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly unloading = new Map<string, { settled: Promise<void>; settle: () => void }>();
  private readonly slots: TurnSlots;
  private readonly stopped = new WeakSet<Session>();
  private readonly exitListeners = new Set<(error: CodexError) => void>();
  private current: Session | undefined;
  private running = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: LifecycleOptions,
    private readonly control: LifecycleControl,
    /** A pool's: where threads of this client go once its app-server died (a lone client fails them). */
    private readonly rehome?: Rehome,
  ) {
    this.slots = new TurnSlots(options.maxConcurrentTurns);
  }

  /** Adopts a freshly started session (threads opened on it are handed this lifecycle as their host). */
  attach(session: Session): void {
    this.current = session;
    this.loaded.clear();
    session.onNotification((n) => {
      if (n.method === "thread/closed") {
        const unloading = this.unloading.get(n.params.threadId);
        if (unloading) unloading.settle();
        else if (this.loaded.get(n.params.threadId)?.busy === 0) this.loaded.delete(n.params.threadId);
      } else if (n.method === "turn/completed") {
        const entry = this.loaded.get(n.params.threadId);
        if (entry) entry.resumable = true;
      }
    });
    session.connection.onClose((error) => {
      if (this.current !== session) return;
      this.current = undefined;
      this.loaded.clear();
      this.clearIdle();
      if (!this.stopped.has(session) && !this.control.isClosed())
        for (const listener of this.exitListeners) listener(error);
    });
  }

  /** Subscribes to the death of this client's app-server (not an idle stop, not `close()`). */
  onExit(listener: (error: CodexError) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** A thread was started, resumed or forked on `session`. */
  opened(session: Session, info: ThreadInfo): void {
    if (session !== this.current) return;
    const resumable = !info.ephemeral && info.turns.length > 0;
    const entry = this.loaded.get(info.id);
    this.loaded.delete(info.id);
    this.loaded.set(info.id, { busy: entry?.busy ?? 0, resumable: resumable || (entry?.resumable ?? false) });
    this.evict();
    this.scheduleIdle();
  }

  /** Whether `threadId` is loaded (or being loaded) here. */
  has(threadId: string): boolean {
    return this.loaded.has(threadId) || this.loading.has(threadId);
  }

  /** How busy this client is. */
  activity(): CodexActivity {
    return {
      runningTurns: this.running,
      queuedTurns: this.slots.queued,
      loadedThreads: this.loaded.size + this.loading.size,
      running: this.current !== undefined,
    };
  }

  async acquire(
    threadId: string,
    current: Session | undefined,
    options: { turn: boolean; carry?: Carry | undefined; tools?: ToolRegistry | undefined },
  ): Promise<ThreadLease> {
    const carry = options.carry ?? carryFrom(current, threadId, options.tools);
    if (current && this.died(current)) return this.moveAway(threadId, current, options.turn, carry);
    if (options.turn) {
      await this.slots.take();
      if (current && this.died(current)) {
        // It died while the turn waited for a slot.
        this.slots.give();
        return this.moveAway(threadId, current, options.turn, carry);
      }
    }
    try {
      const session = current && !current.closed ? current : await this.control.ensureSession();
      if (carry && session !== current) carry(session);
      await this.load(threadId, session);
      // An unload (thread/closed) unbound the thread's tools on this session: bind them again.
      if (options.tools) session.tools.bind(threadId, options.tools);
      const entry = this.touch(threadId);
      entry.closing = false;
      if (!options.turn) return { session, host: this, release: () => {} };
      entry.busy++;
      this.running++;
      this.clearIdle();
      let released = false;
      return {
        session,
        host: this,
        release: () => {
          if (released) return;
          released = true;
          this.running--;
          entry.busy--;
          this.slots.give();
          if (this.loaded.get(threadId) === entry) {
            this.touch(threadId);
            if (entry.closing && entry.busy === 0 && this.current) {
              this.loaded.delete(threadId);
              this.unload(threadId, this.current);
            }
          }
          this.evict();
          this.scheduleIdle();
        },
      };
    } catch (error) {
      if (options.turn) this.slots.give();
      throw error;
    }
  }

  /** Whether `session` ended other than by an idle stop (its app-server died, or the client was closed). */
  private died(session: Session | undefined): boolean {
    return session?.closed !== undefined && !this.stopped.has(session);
  }

  /** A pool moves the thread of a dead app-server to a live member; a lone client fails as before. */
  private moveAway(
    threadId: string,
    dead: Session,
    turn: boolean,
    carry: Carry | undefined,
  ): Promise<ThreadLease> {
    if (this.rehome) return this.rehome(threadId, { turn, carry });
    return Promise.reject(dead.closed);
  }

  async close(threadId: string, current: Session): Promise<void> {
    const entry = this.loaded.get(threadId);
    if (entry && entry.busy > 0) {
      entry.closing = true; // unloaded once the running operation is over
      return;
    }
    this.loaded.delete(threadId);
    if (current.closed) return;
    await current.request("thread/unsubscribe", { threadId });
    this.scheduleIdle();
  }

  /** Resumes `threadId` on `session` unless it is loaded there (one resume at a time per thread). */
  private async load(threadId: string, session: Session): Promise<void> {
    if (this.loaded.has(threadId)) return;
    let loading = this.loading.get(threadId);
    if (!loading) {
      loading = (async () => {
        await this.unloading.get(threadId)?.settled;
        await session.request("thread/resume", { threadId, excludeTurns: true });
        if (session === this.current) this.loaded.set(threadId, { busy: 0, resumable: true });
      })().finally(() => this.loading.delete(threadId));
      this.loading.set(threadId, loading);
    }
    await loading;
  }

  /** Marks `threadId` most recently used. */
  private touch(threadId: string): LoadedThread {
    const entry = this.loaded.get(threadId) ?? { busy: 0, resumable: true };
    this.loaded.delete(threadId);
    this.loaded.set(threadId, entry);
    return entry;
  }

  /** Unloads least recently used idle threads beyond `maxLoadedThreads`. */
  private evict(): void {
    const max = this.options.maxLoadedThreads;
    const session = this.current;
    if (max === undefined || !session) return;
    let excess = this.loaded.size - max;
    for (const [threadId, entry] of this.loaded) {
      if (excess <= 0) break;
      if (entry.busy > 0 || !entry.resumable || this.unloading.has(threadId)) continue;
      this.loaded.delete(threadId);
      excess--;
      this.unload(threadId, session);
    }
  }

  private unload(threadId: string, session: Session): void {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.unloading.set(threadId, { settled, settle });
    session
      .request("thread/unsubscribe", { threadId })
      .then(() => Promise.race([settled, delay(UNLOAD_SETTLE_MS)]))
      .catch(() => {})
      .finally(() => {
        settle();
        this.unloading.delete(threadId);
      });
  }

  private scheduleIdle(): void {
    const ms = this.options.idleTimeoutMs;
    if (ms === undefined || !this.current || this.running > 0 || this.slots.queued > 0) return;
    for (const entry of this.loaded.values()) if (!entry.resumable) return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      const session = this.current;
      if (!session || this.running > 0 || this.slots.queued > 0 || this.loading.size > 0) return;
      this.stopped.add(session);
      this.current = undefined;
      this.loaded.clear();
      void this.control.stopIdle().catch(() => {});
    }, ms);
    // unref where the runtime has it (Node, Bun); a number elsewhere (Deno, workers)
    (this.idleTimer as { unref?: () => void }).unref?.();
  }

  private clearIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
