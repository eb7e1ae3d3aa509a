import {
  type ClientParams,
  InvalidRequestError,
  type ThreadListResponse,
  TransportClosedError,
} from "@codexkit/core";
import { codexSays } from "@codexkit/core/internal";
import type { Codex } from "../client/codex.js";
import type { Thread } from "../thread/thread.js";
import type { Rehome, ThreadLease } from "../thread/thread-lifecycle.js";
import {
  checkThreadId,
  type ThreadForkOptions,
  type ThreadResumeOptions,
  type ThreadStartOptions,
} from "../thread/thread-options.js";
import { CodexPoolMember, type CodexPoolStats, leastBusy } from "./pool-member.js";
import { type CodexPoolOptions, checkPoolOptions, memberOptionsOf } from "./pool-options.js";

/** A member that stays up this long after a (re)start counts as healthy again: its backoff resets. */
const HEALTHY_AFTER_MS = 30_000;

/**
 * Several app-servers behind one API. Threads are placed on the least busy member (running turns, then
 * loaded threads) and stay there; a resume goes to the member that has the thread loaded, else to the
 * least busy one, so a thread is never open on two members. A member whose app-server dies fails its
 * running turns; the pool starts a new one with backoff, and meanwhile the threads it had are resumed on
 * live members (their next turn moves there by itself). The `Thread`s are the same class as `Codex`'s.
 *
 * @example
 * ```ts
 * await using pool = new CodexPool({ size: 2, codexHome, maxLoadedThreads: 200 });
 * const thread = await pool.threadStart({ cwd: process.cwd() });
 * console.log((await thread.run("Say hello.")).finalResponse);
 * ```
 */
export class CodexPool implements AsyncDisposable {
  private readonly memberList: readonly CodexPoolMember[];
  private readonly backoff: { initialDelayMs: number; maxDelayMs: number };
  private readonly firstStarts = new Map<CodexPoolMember, Promise<void>>();
  private readonly resuming = new Map<string, CodexPoolMember>();
  private readonly health = new Map<CodexPoolMember, { failures: number; upSince: number }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** First starts run one after another: members sharing a fresh CODEX_HOME race in codex's skills install. */
  private startChain: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: CodexPoolOptions) {
    checkPoolOptions(options);
    this.backoff = {
      initialDelayMs: options.restart?.initialDelayMs ?? 200,
      maxDelayMs: options.restart?.maxDelayMs ?? 10_000,
    };
    const rehome: Rehome = (threadId, options) => this.rehome(threadId, options);
    this.memberList = memberOptionsOf(options).map(
      (member, index) => new CodexPoolMember(index, member, rehome),
    );
    for (const member of this.memberList) this.watch(member, member.codex);
  }

  /** The members, in order. */
  get members(): readonly CodexPoolMember[] {
    return this.memberList;
  }

  /**
   * Starts every member that is up, one after another (other methods start members as they need them);
   * rejects with the first member's start-up error. Members being restarted (reconnected) are left to
   * their backoff.
   */
  async start(): Promise<this> {
    for (const member of this.memberList) if (member.status === "up") await this.ready(member);
    return this;
  }

  /** Starts a thread on the least busy member. */
  async threadStart(options: ThreadStartOptions = {}): Promise<Thread> {
    return this.onStarted((codex) => codex.threadStart(options));
  }

  /**
   * Resumes a thread: on the member that has it loaded, else on the least busy one. Members that do not
   * share a CODEX_HOME are asked in turn until one has the thread's rollout (sticky routing).
   */
  async threadResume(threadId: string, options: ThreadResumeOptions = {}): Promise<Thread> {
    checkThreadId(threadId);
    const tried = new Set<CodexPoolMember>();
    let member: CodexPoolMember | undefined = this.locate(threadId);
    for (;;) {
      tried.add(member);
      this.resuming.set(threadId, member);
      try {
        return await this.onMember(member, (codex) => codex.threadResume(threadId, options));
      } catch (error) {
        member = isNoRollout(error) ? leastBusy(this.live().filter((m) => !tried.has(m))) : undefined;
        if (!member) throw error;
      } finally {
        this.resuming.delete(threadId);
      }
    }
  }

  /** Forks a thread into a new one on the least busy member (members must share the thread's CODEX_HOME). */
  async threadFork(threadId: string, options: ThreadForkOptions = {}): Promise<Thread> {
    checkThreadId(threadId);
    return this.onStarted((codex) => codex.threadFork(threadId, options));
  }

  /** Lists threads (`thread/list`) through the least busy member: the threads of its CODEX_HOME. */
  async threadList(params: ClientParams<"thread/list"> = {}): Promise<ThreadListResponse> {
    return this.onStarted((codex) => codex.threadList(params));
  }

  /** Per-member and summed activity. */
  stats(): CodexPoolStats {
    const members = this.memberList.map((member) => ({
      index: member.index,
      status: member.status,
      restarts: member.restarts,
      pid: member.codex.pid,
      ...member.activity(),
    }));
    const sum = (key: "runningTurns" | "queuedTurns" | "loadedThreads") =>
      members.reduce((total, member) => total + member[key], 0);
    return {
      members,
      runningTurns: sum("runningTurns"),
      queuedTurns: sum("queuedTurns"),
      loadedThreads: sum("loadedThreads"),
    };
  }

  /** Stops every member's app-server and cancels pending restarts. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const member of this.memberList) member.markClosed();
    await Promise.all(this.memberList.map((member) => member.codex.close()));
  }

  /** Same as {@link CodexPool.close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private live(): CodexPoolMember[] {
    if (this.closed) throw new TransportClosedError("This CodexPool is closed");
    return this.memberList.filter((member) => member.status === "up");
  }

  private pick(): CodexPoolMember {
    const member = leastBusy(this.live());
    if (!member) throw new TransportClosedError("No CodexPool member is up (all are restarting)");
    return member;
  }

  /**
   * Runs `call` on the least busy live member once it has started. A member whose start fails (a remote
   * server not reachable yet, a local one that cannot start) is skipped for the next one; the error is
   * thrown only when no member could start.
   */
  private async onStarted<T>(call: (codex: Codex) => Promise<T>): Promise<T> {
    const tried = new Set<CodexPoolMember>();
    let lastError: unknown;
    for (;;) {
      const member = leastBusy(this.live().filter((m) => !tried.has(m)));
      if (!member)
        throw lastError ?? new TransportClosedError("No CodexPool member is up (all are restarting)");
      tried.add(member);
      member.placing++; // counted while starting, so parallel placements still spread
      try {
        await this.ready(member);
      } catch (error) {
        lastError = error;
        continue;
      } finally {
        member.placing--;
      }
      return this.onMember(member, call); // synchronously after the decrement: no gap in the count
    }
  }

  /** The live member that has (or is getting) `threadId`, else the least busy one. */
  private locate(threadId: string): CodexPoolMember {
    const live = this.live();
    const resuming = this.resuming.get(threadId);
    if (resuming && live.includes(resuming)) return resuming;
    return live.find((member) => member.codex.lifecycle.has(threadId)) ?? this.pick();
  }

  private async onMember<T>(member: CodexPoolMember, call: (codex: Codex) => Promise<T>): Promise<T> {
    member.placing++;
    try {
      await this.ready(member);
      return await call(member.codex);
    } finally {
      member.placing--;
    }
  }

  /** Resolves once the member's first start is done (first starts are serialised). */
  private ready(member: CodexPoolMember): Promise<void> {
    let started = this.firstStarts.get(member);
    if (!started) {
      started = this.startChain.then(async () => {
        await member.codex.start();
        this.health.set(member, { failures: 0, upSince: Date.now() });
      });
      this.startChain = started.catch(() => {});
      started.catch(() => this.firstStarts.delete(member));
      this.firstStarts.set(member, started);
    }
    return started;
  }

  /** Restarts the member once its client's app-server dies (not an idle stop, not `close()`). */
  private watch(member: CodexPoolMember, codex: Codex): void {
    codex.lifecycle.onExit(() => this.died(member, codex));
  }

  /** A thread whose member died: resume it on a live member (codex released its writer lock on exit). */
  private async rehome(threadId: string, options: Parameters<Rehome>[1]): Promise<ThreadLease> {
    const member = this.locate(threadId);
    this.resuming.set(threadId, member);
    try {
      return await this.onMember(member, (codex) => codex.lifecycle.acquire(threadId, undefined, options));
    } finally {
      if (this.resuming.get(threadId) === member) this.resuming.delete(threadId);
    }
  }

  private died(member: CodexPoolMember, codex: Codex): void {
    if (this.closed || member.codex !== codex || member.status !== "up") return;
    member.markRestarting();
    void codex.close().catch(() => {});
    const health = this.health.get(member) ?? { failures: 0, upSince: 0 };
    if (Date.now() - health.upSince >= HEALTHY_AFTER_MS) health.failures = 0;
    this.health.set(member, health);
    this.scheduleRestart(member);
  }

  private scheduleRestart(member: CodexPoolMember): void {
    const health = this.health.get(member) ?? { failures: 0, upSince: 0 };
    const { initialDelayMs, maxDelayMs } = this.backoff;
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(health.failures, 20));
    health.failures++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.restart(member);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private async restart(member: CodexPoolMember): Promise<void> {
    if (this.closed) return;
    const codex = member.replace();
    this.watch(member, codex);
    try {
      await codex.start();
    } catch {
      void codex.close().catch(() => {});
      if (!this.closed) this.scheduleRestart(member);
      return;
    }
    if (this.closed) {
      await codex.close();
      return;
    }
    const health = this.health.get(member);
    if (health) health.upSince = Date.now();
    member.markUp();
  }
}

/** codex's answer when this app-server's CODEX_HOME has no rollout of the thread. */
function isNoRollout(error: unknown): boolean {
  return error instanceof InvalidRequestError && codexSays(error.rpcMessage, "noRollout");
}
