import type { Notification } from "@codexkit/node";
import { describe, type ProgressReporter } from "./progress.js";

/** Where a run stands, for `codex_wait` when the run is still going. */
export interface ProgressSnapshot {
  /** The latest progress message (e.g. `running: npm test`), or null before the first one. */
  message: string | null;
  /** How many progress-worthy events the run has had. */
  events: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
}

/**
 * The progress of one run, fanned out to every call that currently follows it (the `codex_run` call
 * itself, then each `codex_wait`), and remembered as a snapshot for calls that poll.
 */
export class RunProgress {
  private readonly reporters = new Set<ProgressReporter>();
  private readonly startedAt = Date.now();
  private message: string | null = null;
  private events = 0;
  /**
   * The highest `progress` sent for the token of a 2026-07-28 call whose rounds follow this run one after the
   * other (each round's reporter starts above it, so the token's progress keeps increasing).
   */
  progressSent = 0;

  /** Passes a turn notification to every follower and remembers its message. */
  notification(notification: Notification): void {
    const message = describe(notification);
    if (message !== undefined) this.remember(message);
    for (const reporter of this.reporters) reporter.notification(notification);
  }

  /** Reports a message of the bridge's own (e.g. "waiting for approval to …") and sends it at once. */
  report(message: string): void {
    this.remember(message);
    for (const reporter of this.reporters) {
      reporter.report(message);
      void reporter.flush();
    }
  }

  /** Adds a follower until the returned function is called. */
  follow(reporter: ProgressReporter | undefined): () => void {
    if (!reporter) return () => {};
    this.reporters.add(reporter);
    return () => this.reporters.delete(reporter);
  }

  /** Sends what followers have pending. */
  async flush(): Promise<void> {
    await Promise.all([...this.reporters].map((reporter) => reporter.flush()));
  }

  /** Where the run stands now. */
  snapshot(): ProgressSnapshot {
    return { message: this.message, events: this.events, elapsedMs: Date.now() - this.startedAt };
  }

  private remember(message: string): void {
    this.events++;
    this.message = message.length > 300 ? `${message.slice(0, 299)}…` : message;
  }
}
