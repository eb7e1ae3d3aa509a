import { Codex } from "../client/codex.js";
import type { CodexOptions } from "../client/codex-options.js";
import type { CodexActivity } from "../thread/codex-activity.js";

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
  ) {
    this.client = new Codex(options);
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
    this.client = new Codex(this.options);
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
