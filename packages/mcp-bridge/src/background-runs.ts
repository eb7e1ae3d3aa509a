import { AbortError } from "@codexkit/node";
import { InvalidArgumentError } from "./errors.js";
import type { ProgressReporter } from "./progress.js";
import { runningResult } from "./run-result.js";
import type { BridgeSession } from "./session-scope.js";
import type { StartedRun } from "./started-run.js";
import type { RunResult } from "./tools/schemas.js";

interface BackgroundRun {
  session: BridgeSession;
  run: StartedRun;
  /** The result, once the run has ended. */
  result?: RunResult;
  /** Why the run failed under the bridge (the app-server died), once it did. */
  failure?: Error;
}

/**
 * Runs started with `wait: false`, by turn id: they outlive the call that started them, keep their session's
 * isolation (another session's turn id is answered like an unknown one), and their results are kept for
 * `retentionMs` after they end, then dropped.
 */
export class BackgroundRuns {
  private readonly runs = new Map<string, BackgroundRun>();

  constructor(private readonly retentionMs: number) {}

  /** Number of runs held (running or with a result not yet dropped). */
  get size(): number {
    return this.runs.size;
  }

  /** Keeps `run` of `session` until `retentionMs` after it ends. */
  add(session: BridgeSession, run: StartedRun): void {
    const entry: BackgroundRun = { session, run };
    this.runs.set(run.turnId, entry);
    run.done
      .then(
        (result) => {
          entry.result = result;
        },
        (error: unknown) => {
          entry.failure = error instanceof Error ? error : new Error(String(error));
        },
      )
      .finally(() => {
        setTimeout(() => this.runs.delete(run.turnId), this.retentionMs).unref?.();
      });
  }

  /** The run `turnId` of `session` (refused like an unknown one for another session). */
  run(session: BridgeSession, turnId: string): StartedRun {
    return this.entry(session, turnId).run;
  }

  /**
   * Waits up to `timeoutMs` for the run to end, feeding `reporter` (the waiting call's progress) meanwhile.
   * Returns the final result, or the run's state with `status: "running"` and `progress` when it is still going.
   * With `untilAsked`, the wait also ends when the run has an approval question for a 2026-07-28 client.
   */
  async wait(
    session: BridgeSession,
    turnId: string,
    timeoutMs: number,
    reporter?: ProgressReporter,
    untilAsked = false,
  ): Promise<RunResult> {
    const entry = this.entry(session, turnId);
    if (!entry.result && !entry.failure) {
      const stopFollowing = entry.run.progress.follow(reporter);
      const asked = untilAsked ? entry.run.questions?.asked() : undefined;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          entry.run.done.catch(() => {}),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, timeoutMs);
          }),
          ...(asked ? [asked.promise] : []),
        ]);
        // let the settle handlers of `add` run
        await Promise.resolve();
      } finally {
        clearTimeout(timer);
        asked?.stop();
        stopFollowing();
      }
    }
    if (entry.failure) throw entry.failure;
    if (entry.result) return entry.result;
    return { ...runningResult(entry.run), progress: entry.run.progress.snapshot() };
  }

  /** Interrupts the run (`turn/interrupt`); then waits up to `timeoutMs` for its result, like {@link wait}. */
  async interrupt(session: BridgeSession, turnId: string, timeoutMs: number): Promise<RunResult> {
    const entry = this.entry(session, turnId);
    entry.run.controller.abort(new AbortError("codex_interrupt was called"));
    return this.wait(session, turnId, timeoutMs);
  }

  private entry(session: BridgeSession, turnId: string): BackgroundRun {
    const entry = this.runs.get(turnId);
    if (!entry || entry.session !== session)
      throw new InvalidArgumentError(
        `unknown turnId ${JSON.stringify(turnId)} (not a wait: false run of this MCP session, or its result has expired)`,
      );
    return entry;
  }
}
