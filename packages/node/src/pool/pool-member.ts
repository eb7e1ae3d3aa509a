import { Codex } from "../client/codex.js";
import type { CodexOptions } from "../client/codex-options.js";
import type { CodexActivity, Rehome } from "../thread/thread-lifecycle.js";

/** Where a pool member is in its life. */
export type PoolMemberStatus = "up" | "restarting" | "closed";

/**
 * One member of a {@link CodexPool}: a {@link Codex} client built from its options, replaced by a new one
 * when its app-server dies.
 */
export class CodexPoolMember {
  private client: Codex;
  private currentStatus: PoolMemberStatus = "up";
  private restartCount = 0;
  /** @internal Threads being placed here right now (counted as loaded, so parallel starts spread). */
  placing = 0;

  /** @internal */
  constructor(
    /** Position in the pool's member list. */
    readonly index: number,
    /** The options every client of this member is built from. */
    readonly options: CodexOptions,
    /** Where the threads of a client whose app-server died go (the pool's live members). */
    private readonly rehome: Rehome,
  ) {
    this.client = new Codex(options, rehome);
  }

  /** The member's current client (a new one after each restart). */
  get codex(): Codex {
    return this.client;
  }

  /** `up` (usable; its app-server may still be starting or idle-stopped), `restarting` or `closed`. */
  get status(): PoolMemberStatus {
    return this.currentStatus;
  }

  /**
   * How many times the pool replaced this member's client after its app-server died (for a remote
   * member: reconnect attempts, failed ones included).
   */
  get restarts(): number {
    return this.restartCount;
  }

  /** The current client's activity (running and queued turns, loaded threads). */
  activity(): CodexActivity {
    return this.client.activity();
  }

  /** @internal Marks the member down until {@link CodexPoolMember.replace}. */
  markRestarting(): void {
    if (this.currentStatus === "up") this.currentStatus = "restarting";
  }

  /** @internal Builds a fresh client (the old one is closed by the caller). */
  replace(): Codex {
    this.client = new Codex(this.options, this.rehome);
    this.restartCount++;
    return this.client;
  }

  /** @internal */
  markUp(): void {
    if (this.currentStatus === "restarting") this.currentStatus = "up";
  }

  /** @internal */
  markClosed(): void {
    this.currentStatus = "closed";
  }
}

/** One member in {@link CodexPoolStats}. */
export interface CodexPoolMemberStats extends CodexActivity {
  /** Position in the pool's member list. */
  readonly index: number;
  /** `up`, `restarting` or `closed`. */
  readonly status: PoolMemberStatus;
  /** Times the member's client was replaced after its app-server died. */
  readonly restarts: number;
  /** The app-server's pid, when it runs locally and has started. */
  readonly pid: number | undefined;
}

/** What {@link CodexPool.stats} reports: per member and summed. */
export interface CodexPoolStats {
  /** Every member, in order. */
  readonly members: readonly CodexPoolMemberStats[];
  /** Turns running on all members. */
  readonly runningTurns: number;
  /** Turns waiting for a slot on all members. */
  readonly queuedTurns: number;
  /** Threads loaded on all members. */
  readonly loadedThreads: number;
}

/**
 * The least busy of `members`: fewest running plus queued turns, then fewest loaded (or being placed)
 * threads, then the lowest index. Undefined when `members` is empty.
 */
export function leastBusy(members: readonly CodexPoolMember[]): CodexPoolMember | undefined {
  let best: CodexPoolMember | undefined;
  let bestTurns = 0;
  let bestThreads = 0;
  for (const member of members) {
    const activity = member.activity();
    const turns = activity.runningTurns + activity.queuedTurns;
    const threads = activity.loadedThreads + member.placing;
    if (!best || turns < bestTurns || (turns === bestTurns && threads < bestThreads)) {
      best = member;
      bestTurns = turns;
      bestThreads = threads;
    }
  }
  return best;
}
