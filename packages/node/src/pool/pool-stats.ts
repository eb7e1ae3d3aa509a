import type { CodexActivity } from "../thread/codex-activity.js";
import type { PoolMemberStatus } from "./pool-member.js";

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
