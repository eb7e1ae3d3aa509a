import { randomUUID } from "node:crypto";

/**
 * One MCP session of a bridge (stdio: the whole process; HTTP: one `Mcp-Session-Id`). It is what
 * isolation is keyed on: a session sees, reads and continues only the threads it created (plus, when the
 * operator opts in, threads the bridge did not create), and its concurrent runs are counted against the
 * per-session limit.
 */
export class BridgeSession {
  /** A random id, never sent to clients. */
  readonly id = randomUUID();
  /** Controllers of this session's runs in flight (abort one to interrupt its turn). */
  readonly runs = new Set<AbortController>();
  private closedFlag = false;

  /** Whether {@link BridgeSession.close} was called. */
  get isClosed(): boolean {
    return this.closedFlag;
  }

  /** Ends the session: interrupts its runs in flight (including `wait: false` runs nobody can reach any more). */
  close(reason = "the MCP session closed"): void {
    this.closedFlag = true;
    for (const controller of this.runs) controller.abort(new Error(reason));
  }
}
