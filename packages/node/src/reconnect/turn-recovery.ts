import type { JsonRpcMessage } from "@codexkit/core";
import { codexSays } from "@codexkit/core/internal";
import type { TurnReconnectedEvent } from "./turn-reconnected-event.js";
import type { WireState } from "./wire-state.js";

/** Sends one request on the new connection and resolves with the raw answer. */
type Requester = (method: string, params: unknown) => Promise<JsonRpcMessage>;

interface WireTurn {
  id: string;
  status: string;
  items: Array<{ id: string; status?: string }>;
}

/** codex refuses `thread/resume` of a thread that has no turn yet: it stays loaded and usable as it is. */
function isNoRollout(answer: JsonRpcMessage): boolean {
  const message = (answer.error as { message?: unknown } | undefined)?.message;
  return typeof message === "string" && codexSays(message, "noRollout");
}

/** Tries of {@link resumeLate} (10 ms more between each, at most 250: about 10 s in all). */
const LATE_RESUME_ATTEMPTS = 60;

function errorText(answer: JsonRpcMessage): string {
  const message = (answer.error as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : JSON.stringify(answer.error);
}

/**
 * After a reconnect: resumes every thread the client was subscribed to (`thread/resume`; a thread with no
 * turn yet answers "no rollout found" and needs nothing), then, for each turn that was running, reads the
 * thread (`thread/read {includeTurns}`) and returns what the client missed: a {@link TurnReconnectedEvent},
 * the turn's completed items not delivered yet, and its `turn/completed` if it ended during the gap. A
 * turn the server no longer knows is completed as `failed` with an error saying so (never left hanging).
 */
export async function recoverTurns(
  request: Requester,
  state: WireState,
  gap: { attempt: number; disconnectedAtMs: number; closeCode?: number },
): Promise<JsonRpcMessage[]> {
  state.unresumed.clear();
  for (const threadId of [...state.threads]) {
    const answer = await request("thread/resume", { threadId });
    if (answer.error === undefined) continue;
    if (!isNoRollout(answer)) throw new Error(`thread/resume of ${threadId} failed: ${errorText(answer)}`);
    state.unresumed.add(threadId);
  }
  return readMissed(request, state, gap);
}

/**
 * The first turn on a thread a reconnect could not resume ("no rollout found") has started: resumes the
 * thread now (retrying while its rollout is not written yet) and returns the turn's events the connection
 * missed before (its completed items, and its completion if it already ended), without a gap event: the
 * client was connected all along.
 */
export async function resumeLate(
  request: Requester,
  state: WireState,
  threadId: string,
  wait: (ms: number) => Promise<void>,
): Promise<JsonRpcMessage[]> {
  for (let attempt = 1; ; attempt++) {
    const answer = await request("thread/resume", { threadId });
    if (answer.error === undefined) break;
    // Right after the first turn starts, codex 0.171 may still answer "no rollout found", -32601
    // "list_turns is not supported yet" or "failed to read session metadata … rollout … is empty": all
    // pass within moments, so any error is retried (bounded) before the turn is given up.
    if (attempt >= LATE_RESUME_ATTEMPTS)
      throw new Error(`thread/resume of ${threadId} failed: ${errorText(answer)}`);
    await wait(Math.min(250, 10 * attempt));
  }
  state.unresumed.delete(threadId);
  return readMissed(request, state, undefined, threadId);
}

async function readMissed(
  request: Requester,
  state: WireState,
  gap: { attempt: number; disconnectedAtMs: number; closeCode?: number } | undefined,
  onlyThread?: string,
): Promise<JsonRpcMessage[]> {
  const messages: JsonRpcMessage[] = [];
  const reconnectedAtMs = Date.now();
  for (const [turnId, running] of [...state.turns]) {
    const { threadId } = running;
    if (onlyThread !== undefined && threadId !== onlyThread) continue;
    if (state.unresumed.has(threadId)) continue;
    const answer = await request("thread/read", { threadId, includeTurns: true });
    const turn = turnOf(answer, turnId);
    const missed = missedItems(turn, running.items);
    if (gap) {
      const event: TurnReconnectedEvent = {
        method: "codexkit/reconnected",
        params: {
          threadId,
          turnId,
          attempt: gap.attempt,
          disconnectedAtMs: gap.disconnectedAtMs,
          reconnectedAtMs,
          recoveredItems: missed.length,
          ...(gap.closeCode === undefined ? {} : { closeCode: gap.closeCode }),
        },
      };
      messages.push({ jsonrpc: "2.0", ...event });
    }
    messages.push(...itemCompletions(threadId, turnId, missed, reconnectedAtMs));
    if (turn?.status === "inProgress") state.readAtCompletion.add(turnId);
    else state.readAtCompletion.delete(turnId);
    if (!turn) {
      const why = answer.error !== undefined ? errorText(answer) : "the turn is not in thread/read";
      messages.push(
        lostTurn(threadId, turnId, `turn ${turnId} could not be recovered after a reconnect: ${why}`),
      );
      state.recoveredCompletions.add(turnId);
    } else if (turn.status !== "inProgress") {
      messages.push({ jsonrpc: "2.0", method: "turn/completed", params: { threadId, turn } });
      state.recoveredCompletions.add(turnId);
    }
  }
  return messages;
}

/**
 * A turn recovered while still running has now completed: reads it once more and returns the items the
 * connection never delivered. A thread's events reach a connection only once its subscription holds, and
 * `thread/read` of a running turn may not show an item codex completed just before that (its rollout is
 * written behind the events): at completion the rollout has every item. Delivered before the completion.
 */
export async function readMissedAtCompletion(
  request: Requester,
  state: WireState,
  threadId: string,
  turnId: string,
): Promise<JsonRpcMessage[]> {
  const delivered = state.turns.get(turnId)?.items;
  if (!delivered) return [];
  const answer = await request("thread/read", { threadId, includeTurns: true });
  return itemCompletions(threadId, turnId, missedItems(turnOf(answer, turnId), delivered), Date.now());
}

function turnOf(answer: JsonRpcMessage, turnId: string): WireTurn | undefined {
  const turns = (answer.result as { thread?: { turns?: WireTurn[] } } | undefined)?.thread?.turns ?? [];
  return turns.find((t) => t.id === turnId);
}

/** The turn's completed items the client has not been given. */
function missedItems(turn: WireTurn | undefined, delivered: ReadonlySet<string>): WireTurn["items"] {
  return (turn?.items ?? []).filter((item) => !delivered.has(item.id) && item.status !== "inProgress");
}

function itemCompletions(
  threadId: string,
  turnId: string,
  items: WireTurn["items"],
  completedAtMs: number,
): JsonRpcMessage[] {
  return items.map((item) => ({
    jsonrpc: "2.0",
    method: "item/completed",
    params: { threadId, turnId, item, completedAtMs },
  }));
}

/** A `turn/completed` that fails a turn the client can no longer follow (never leave it hanging). */
export function lostTurn(threadId: string, turnId: string, message: string): JsonRpcMessage {
  return {
    jsonrpc: "2.0",
    method: "turn/completed",
    params: {
      threadId,
      turn: {
        id: turnId,
        rootTurnId: null,
        items: [],
        itemsView: "full",
        status: "failed",
        error: { message, codexErrorInfo: null, additionalDetails: null },
        startedAt: null,
        completedAt: null,
        durationMs: null,
      },
    },
  };
}
