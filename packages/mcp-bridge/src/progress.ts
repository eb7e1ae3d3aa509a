import type { Notification, ThreadItem } from "@codexkit/node";
import { displayCommand } from "./turn-summary.js";

/** Sends one `notifications/progress` (the reporter supplies a strictly increasing `progress`). */
export type ProgressSender = (progress: number, message: string) => Promise<void>;

/** Options of {@link ProgressReporter}. */
export interface ProgressReporterOptions {
  /** Minimum time between two notifications, in ms; updates in between are coalesced (the latest wins). Default 250. */
  intervalMs?: number;
  /** Send "still working" after this long without any notification, in ms (keeps client timeouts alive). Default 15000; 0 disables. */
  heartbeatMs?: number;
  /** Clock, for tests. */
  now?: () => number;
  /**
   * The `progress` already sent for this token (the first notification sends more). For a token that spans
   * several calls: the rounds of one 2026-07-28 call, which each get a reporter of their own.
   */
  startAt?: number;
}

const MAX_MESSAGE = 300;

/**
 * Turns a turn's notifications into MCP progress messages: commands started and finished, files changed,
 * reasoning summaries, tool calls, retries. At most one notification per `intervalMs` (the most recent
 * message wins), `progress` strictly increasing, and a heartbeat while nothing happens.
 *
 * @example
 * ```ts
 * const reporter = new ProgressReporter((progress, message) =>
 *   extra.sendNotification({ method: "notifications/progress", params: { progressToken, progress, message } }));
 * for await (const n of turn.stream()) reporter.notification(n);
 * await reporter.close();
 * ```
 */
export class ProgressReporter {
  private readonly intervalMs: number;
  private readonly heartbeatMs: number;
  private readonly now: () => number;
  private events = 0;
  private lastSentProgress = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private pending: string | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly startedAt: number;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly send: ProgressSender,
    options: ProgressReporterOptions = {},
  ) {
    this.intervalMs = Math.max(0, options.intervalMs ?? 250);
    this.heartbeatMs = Math.max(0, options.heartbeatMs ?? 15_000);
    this.now = options.now ?? Date.now;
    this.lastSentProgress = Math.max(0, options.startAt ?? 0);
    this.startedAt = this.now();
    this.armHeartbeat();
  }

  /** The highest `progress` sent so far (or `startAt`). */
  get lastProgress(): number {
    return this.lastSentProgress;
  }

  /** Reports a turn notification, if it says something worth reporting. */
  notification(notification: Notification): void {
    const message = describe(notification);
    if (message !== undefined) this.report(message);
  }

  /** Reports a message of the bridge's own (e.g. "waiting for approval"). */
  report(message: string): void {
    if (this.closed) return;
    this.events++;
    this.pending = truncate(message);
    const wait = this.lastSentAt + this.intervalMs - this.now();
    if (wait <= 0) {
      this.sendPending();
    } else {
      this.flushTimer ??= setTimeout(() => {
        this.flushTimer = undefined;
        this.sendPending();
      }, wait);
    }
  }

  /** Sends a coalesced pending message now (e.g. right before the result), and waits for what was sent. */
  async flush(): Promise<void> {
    this.clearFlushTimer();
    this.sendPending();
    await this.chain;
  }

  /** Flushes, then stops the timers. Later reports are ignored. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
  }

  private sendPending(): void {
    const message = this.pending;
    if (message === undefined || this.closed) return;
    this.pending = undefined;
    this.clearFlushTimer();
    // Monotonic: never reuse or go below a value already sent.
    const progress = Math.max(this.events, this.lastSentProgress + 1);
    this.lastSentProgress = progress;
    this.lastSentAt = this.now();
    this.armHeartbeat();
    this.chain = this.chain.then(() => this.send(progress, message).catch(() => {}));
  }

  private armHeartbeat(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    if (this.heartbeatMs === 0 || this.closed) return;
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeatTimer = undefined;
      this.report(`still working (${Math.round((this.now() - this.startedAt) / 1000)} s)`);
    }, this.heartbeatMs);
    this.heartbeatTimer.unref?.();
  }

  private clearFlushTimer(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }
}

/** The progress message for one notification, or `undefined` when it is not worth one. */
export function describe(notification: Notification): string | undefined {
  switch (notification.method) {
    case "turn/started":
      return "turn started";
    case "item/started":
      return describeStarted(notification.params.item);
    case "item/completed":
      return describeCompleted(notification.params.item);
    case "error":
      return notification.params.willRetry ? `retrying: ${notification.params.error.message}` : undefined;
    default:
      return undefined;
  }
}

function describeStarted(item: ThreadItem): string | undefined {
  switch (item.type) {
    case "commandExecution":
      return `running: ${displayCommand(item.command)}`;
    case "fileChange":
      return `editing: ${item.changes.map((change) => change.path).join(", ")}`;
    case "mcpToolCall":
      return `calling tool ${item.server}/${item.tool}`;
    case "webSearch":
      return `searching the web${item.query ? `: ${item.query}` : ""}`;
    default:
      return undefined;
  }
}

function describeCompleted(item: ThreadItem): string | undefined {
  switch (item.type) {
    case "commandExecution": {
      const outcome = item.status === "declined" ? "declined" : `exit ${item.exitCode ?? "?"}`;
      return `command ${item.status === "declined" ? "" : "finished "}(${outcome}): ${displayCommand(item.command)}`;
    }
    case "fileChange":
      return `${item.status === "completed" ? "changed" : `file change ${item.status}`}: ${item.changes
        .map((change) => `${change.path} (${change.kind.type})`)
        .join(", ")}`;
    case "reasoning": {
      const summary = item.summary.join(" ").trim();
      return summary ? `thinking: ${summary}` : undefined;
    }
    case "agentMessage":
      return item.phase === "commentary" ? `note: ${item.text}` : undefined;
    case "mcpToolCall":
      return `tool ${item.server}/${item.tool} ${item.status}`;
    default:
      return undefined;
  }
}

function truncate(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE - 1)}…` : oneLine;
}
