import {
  AbortError,
  CodexError,
  InvalidRequestError,
  type Notification,
  normalizeInput,
  type RunInput,
  type ThreadGoalStatus,
  type Turn,
  type TurnInterruptResponse,
  type TurnSteerResponse,
} from "@codexkit/core";
import { AsyncQueue, codexSays } from "@codexkit/core/internal";
import type { Session } from "../session/session.js";
import { TurnHandle } from "../turn/turn-handle.js";

const TERMINAL: ReadonlySet<ThreadGoalStatus> = new Set([
  "paused",
  "blocked",
  "usageLimited",
  "budgetLimited",
  "complete",
]);
const GOAL_START_TIMEOUT_MS = 30_000;

/** Mutable state of one goal: which physical turn runs now, and how the goal stands. */
interface GoalState {
  logicalId: string | undefined;
  currentTurn: string | undefined;
  /** Every server turn of the goal so far (its server requests belong to the goal's result). */
  turnIds: Set<string>;
  goalStatus: ThreadGoalStatus | undefined;
  firstStartedAt: number | null;
  userInterrupted: boolean;
  finished: boolean;
}

/**
 * A goal presented as one logical turn: the server's successive goal turns are merged (their events carry
 * the first turn's id), and the stream ends with one synthesized `turn/completed` once the goal is
 * complete, paused, blocked or out of budget, or a turn fails or is interrupted.
 */
export class GoalTurnHandle extends TurnHandle {
  /** @internal */
  constructor(
    private readonly goalSession: Session,
    threadId: string,
    id: string,
    queue: AsyncQueue<Notification>,
    private readonly state: GoalState,
    signal: AbortSignal | undefined,
  ) {
    super(goalSession, threadId, id, queue, undefined, signal, () => {}, true);
  }

  /** Every server turn of the goal belongs to its result, not only the first. */
  protected override ownsTurn(turnId: string): boolean {
    return this.state.turnIds.has(turnId);
  }

  /** Adds input to the goal's currently running turn. */
  override async steer(input: RunInput): Promise<TurnSteerResponse> {
    const turnId = this.state.currentTurn;
    if (!turnId || this.state.finished) throw new InvalidRequestError(-32600, "no active turn to steer");
    const response = await this.goalSession.request("turn/steer", {
      threadId: this.threadId,
      expectedTurnId: turnId,
      input: normalizeInput(input),
    });
    return { ...response, turnId: this.id };
  }

  /** Pauses the goal and interrupts its running turn. */
  override async interrupt(): Promise<TurnInterruptResponse> {
    if (this.state.finished) throw new InvalidRequestError(-32600, "no active turn to interrupt");
    this.state.userInterrupted = true;
    await this.goalSession.request("thread/goal/set", { threadId: this.threadId, status: "paused" });
    const turnId = this.state.currentTurn;
    if (!turnId) return {};
    try {
      return await this.goalSession.request("turn/interrupt", { threadId: this.threadId, turnId });
    } catch (error) {
      if (error instanceof InvalidRequestError && codexSays(error.rpcMessage, "noActiveTurn")) return {};
      throw error;
    }
  }
}

function rewrite(notification: Notification, logicalId: string): Notification {
  const params = notification.params as Record<string, unknown>;
  if (typeof params.turnId === "string")
    return { ...notification, params: { ...params, turnId: logicalId } } as Notification;
  const turn = params.turn as Turn | undefined;
  if (turn && typeof turn.id === "string")
    return { ...notification, params: { ...params, turn: { ...turn, id: logicalId } } } as Notification;
  return notification;
}

/** Implements `thread.startGoal` (see {@link GoalTurnHandle}). */
export async function startGoal(
  session: Session,
  threadId: string,
  objective: string,
  release: () => void,
  signal: AbortSignal | undefined,
): Promise<GoalTurnHandle> {
  if (signal?.aborted) throw new AbortError("goal aborted before it was started", { cause: signal.reason });
  const { thread } = await session.request("thread/read", { threadId, includeTurns: false });
  if (thread.status.type !== "idle" || thread.ephemeral || !thread.path) {
    throw new InvalidRequestError(
      -32600,
      `thread must be idle and persisted before starting a goal: ${threadId}`,
    );
  }
  await session.request("thread/goal/clear", { threadId });

  const queue = new AsyncQueue<Notification>();
  const state: GoalState = {
    logicalId: undefined,
    currentTurn: undefined,
    turnIds: new Set(),
    goalStatus: undefined,
    firstStartedAt: null,
    userInterrupted: false,
    finished: false,
  };
  let resolveFirst!: (id: string) => void;
  let rejectFirst!: (error: unknown) => void;
  const firstTurn = new Promise<string>((resolve, reject) => {
    resolveFirst = resolve;
    rejectFirst = reject;
  });
  // The app-server died or the client closed: the goal ends with the close error, like a turn.
  const offClose = session.connection.onClose((error) => {
    rejectFirst(error);
    if (state.finished) return;
    state.finished = true;
    off();
    queue.fail(error);
    release();
  });
  const onAbortStart = () =>
    rejectFirst(new AbortError("goal aborted before its first turn started", { cause: signal?.reason }));
  signal?.addEventListener("abort", onAbortStart, { once: true });

  const finish = (last: Turn | undefined, status: Turn["status"]) => {
    if (state.finished || !state.logicalId) return;
    state.finished = true;
    off();
    offClose();
    const completedAt = last?.completedAt ?? Math.floor(Date.now() / 1000);
    const startedAt = state.firstStartedAt;
    queue.push({
      method: "turn/completed",
      params: {
        threadId,
        turn: {
          id: state.logicalId,
          rootTurnId: state.logicalId,
          items: [],
          itemsView: "notLoaded",
          status: state.userInterrupted ? "interrupted" : status,
          error: last?.error ?? null,
          startedAt,
          completedAt,
          durationMs: startedAt === null ? null : Math.max(0, (completedAt - startedAt) * 1000),
        },
      },
    } as Notification);
    queue.end();
    release();
  };

  const off = session.onNotification((n) => {
    const params = n.params as { threadId?: unknown };
    if (params.threadId !== threadId || state.finished) return;
    switch (n.method) {
      case "thread/goal/updated":
        state.goalStatus = n.params.goal.status;
        if (TERMINAL.has(state.goalStatus) && !state.currentTurn) finish(undefined, "completed");
        return;
      case "thread/goal/cleared":
        if (state.logicalId && !state.currentTurn) finish(undefined, "completed");
        return;
      case "turn/started":
        state.currentTurn = n.params.turn.id;
        state.turnIds.add(n.params.turn.id);
        if (!state.logicalId) {
          state.logicalId = n.params.turn.id;
          state.firstStartedAt = n.params.turn.startedAt;
          queue.push(n);
          resolveFirst(n.params.turn.id);
        }
        return;
      case "turn/completed": {
        if (!state.logicalId) return;
        const turn = n.params.turn;
        state.currentTurn = undefined;
        if (turn.status === "failed" || turn.status === "interrupted") finish(turn, turn.status);
        else if (state.goalStatus === undefined) {
          queue.fail(new CodexError("the connected Codex runtime did not activate goal mode for this turn"));
          state.finished = true;
          off();
          offClose();
          release();
        } else if (TERMINAL.has(state.goalStatus)) finish(turn, "completed");
        return;
      }
    }
    if (state.logicalId) queue.push(rewrite(n, state.logicalId));
  });

  try {
    await session.request("thread/goal/set", { threadId, objective, status: "active" });
    let timer: NodeJS.Timeout | undefined;
    const logicalId = await Promise.race([
      firstTurn,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new CodexError(
                `timed out waiting for goal turn to start after ${GOAL_START_TIMEOUT_MS / 1000} seconds`,
              ),
            ),
          GOAL_START_TIMEOUT_MS,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    signal?.removeEventListener("abort", onAbortStart);
    return new GoalTurnHandle(session, threadId, logicalId, queue, state, signal);
  } catch (error) {
    signal?.removeEventListener("abort", onAbortStart);
    offClose();
    if (!session.closed) {
      // Upstream's cleanup: pause the goal, and stop a turn it may have started meanwhile. The listener stays
      // on until the pause is answered, so a turn/started the server sent before that names the turn.
      await session.request("thread/goal/set", { threadId, status: "paused" }).catch(() => {});
      const turnId = state.currentTurn;
      if (turnId) await session.request("turn/interrupt", { threadId, turnId }).catch(() => {});
    }
    off();
    state.finished = true;
    throw error;
  }
}
