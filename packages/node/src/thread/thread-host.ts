import type { Session } from "../session/session.js";
import type { ToolRegistry } from "../tools/tool-registry.js";

/** A live session with a thread loaded on it, held for one operation (turn, goal, compaction). */
export interface ThreadLease {
  /** Where the operation runs. */
  readonly session: Session;
  /** Ends the hold (idempotent): frees the turn slot and lets the thread be unloaded again. */
  release(): void;
}

/**
 * What a {@link Thread} asks before it uses its session: the client's lifecycle (or a pool) makes the
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
