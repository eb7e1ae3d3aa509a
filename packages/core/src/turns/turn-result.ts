import type { ServerRequestEvent } from "../connection/server-request-dispatcher.js";
import { CodexError } from "../errors.js";
import type { ThreadItem } from "../generated/v2/ThreadItem.js";
import type { ThreadTokenUsage } from "../generated/v2/ThreadTokenUsage.js";
import type { Turn } from "../generated/v2/Turn.js";
import type { TurnError } from "../generated/v2/TurnError.js";
import type { TurnStatus } from "../generated/v2/TurnStatus.js";
import type { Notification } from "../protocol/methods.js";

/** The outcome of one turn, collected from its notifications. */
export interface TurnResult<TOutput = unknown> {
  /** The turn id. */
  id: string;
  /** The thread the turn ran on. */
  threadId: string;
  /** `completed`, `interrupted` or `failed`. */
  status: TurnStatus;
  /** Why the turn failed (or was stopped), when the server said. */
  error: TurnError | null;
  /** When the turn started, if the server reported it. */
  startedAt: Date | null;
  /** When the turn completed, if the server reported it. */
  completedAt: Date | null;
  /** How long the turn ran, as the server measured it. */
  durationMs: number | null;
  /**
   * The agent's final answer: the last assistant message whose phase is `final_answer`, else the last
   * phase-less one; `undefined` when the turn produced neither (commentary never counts).
   */
  finalResponse: string | undefined;
  /** Every item the turn completed, in order (`item/completed`), not only the summary `turn/completed` holds. */
  items: ThreadItem[];
  /** Token usage reported for this turn (the last `thread/tokenUsage/updated`), if any. */
  usage: ThreadTokenUsage | null;
  /**
   * With an `outputSchema`: the final response parsed as JSON (and validated, when a zod schema was given).
   * `undefined` when there was no schema or no final response.
   */
  output: TOutput | undefined;
  /**
   * Errors the server reported while retrying (`error` notifications with `willRetry: true`, e.g.
   * "Reconnecting... 1/5" after a dropped model stream), in order. Empty when nothing was retried.
   */
  retries: TurnError[];
  /**
   * The server requests of this turn (approvals, questions, elicitations) and how each was answered:
   * `answeredBy: "handler"` (your callback) or `"default"` (the fail-closed default, with `reason`
   * `noHandler` or `handlerThrew`). When a turn ends `interrupted` without anyone interrupting it, look
   * here: e.g. an escalated command in `ask` mode with no `onApproval` is answered `cancel` by the default
   * (codex offers no decline for it), and the server then ends the turn.
   */
  serverRequests: ServerRequestEvent[];
}

/** The server requests in a {@link TurnResult} that the fail-closed default answered (nobody else did). */
export function defaultAnswersOf(result: Pick<TurnResult, "serverRequests">): ServerRequestEvent[] {
  return result.serverRequests.filter((request) => request.answeredBy === "default");
}

/** The final-answer rule shared with upstream: `final_answer` wins, else the last phase-less message. */
export function finalResponseOf(items: readonly ThreadItem[]): string | undefined {
  let lastPlain: string | undefined;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.type !== "agentMessage") continue;
    if (item.phase === "final_answer") return item.text;
    if ((item.phase === null || item.phase === undefined) && lastPlain === undefined) lastPlain = item.text;
  }
  return lastPlain;
}

const toDate = (seconds: number | null): Date | null => (seconds === null ? null : new Date(seconds * 1000));

/**
 * Accumulates one turn's notifications into a {@link TurnResult}. Feed it every notification of the turn
 * with {@link TurnResultCollector.add}; {@link TurnResultCollector.result} is available after `turn/completed`.
 */
export class TurnResultCollector {
  private readonly items: ThreadItem[] = [];
  private readonly retries: TurnError[] = [];
  private readonly serverRequests: ServerRequestEvent[] = [];
  private usage: ThreadTokenUsage | null = null;
  private turn: Turn | undefined;
  private threadId = "";

  constructor(private readonly turnId: string) {}

  /** Adds one notification; returns true once the turn has completed. */
  add(notification: Notification): boolean {
    switch (notification.method) {
      case "item/completed":
        if (notification.params.turnId === this.turnId) this.items.push(notification.params.item);
        break;
      case "error":
        if (notification.params.turnId === this.turnId && notification.params.willRetry)
          this.retries.push(notification.params.error);
        break;
      case "thread/tokenUsage/updated":
        if (notification.params.turnId === this.turnId) this.usage = notification.params.tokenUsage;
        break;
      case "turn/completed":
        if (notification.params.turn.id === this.turnId) {
          this.turn = notification.params.turn;
          this.threadId = notification.params.threadId;
        }
        break;
    }
    return this.turn !== undefined;
  }

  /** Adds the report of one server request of this turn (see `TurnResult.serverRequests`). */
  addServerRequest(event: ServerRequestEvent): void {
    this.serverRequests.push(event);
  }

  /** Whether the turn's `turn/completed` was added. */
  get done(): boolean {
    return this.turn !== undefined;
  }

  /** Builds the result. `parseOutput` turns the final response into `output` (for output schemas). */
  result<TOutput = unknown>(parseOutput?: (finalResponse: string) => TOutput): TurnResult<TOutput> {
    const turn = this.turn;
    if (!turn) throw new CodexError(`turn ${this.turnId} ended without a turn/completed notification`);
    const finalResponse = finalResponseOf(this.items);
    return {
      id: turn.id,
      threadId: this.threadId,
      status: turn.status,
      error: turn.error,
      startedAt: toDate(turn.startedAt),
      completedAt: toDate(turn.completedAt),
      durationMs: turn.durationMs,
      finalResponse,
      items: this.items,
      usage: this.usage,
      output:
        parseOutput && finalResponse !== undefined && turn.status === "completed"
          ? parseOutput(finalResponse)
          : undefined,
      retries: this.retries,
      serverRequests: this.serverRequests,
    };
  }
}
