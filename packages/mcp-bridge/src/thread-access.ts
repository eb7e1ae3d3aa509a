import type { BridgeSession } from "./session-scope.js";

/**
 * Which threads each session may see: the threads a session created through the bridge belong to it and
 * are invisible to every other session. Threads the bridge did not create (already in `CODEX_HOME`, or made
 * by an earlier bridge process) are visible to every session only when the operator opts in.
 */
export class ThreadAccess {
  private readonly owners = new Map<string, string>();

  /** @param exposeExisting Whether threads the bridge did not create are visible to every session. */
  constructor(readonly exposeExisting: boolean) {}

  /** Records that `session` created `threadId`. */
  claim(threadId: string, session: BridgeSession): void {
    this.owners.set(threadId, session.id);
  }

  /** Whether `session` may list, read and continue `threadId`. */
  canAccess(threadId: string, session: BridgeSession): boolean {
    const owner = this.owners.get(threadId);
    return owner === undefined ? this.exposeExisting : owner === session.id;
  }
}
