import type { Notification, ThreadItem, ThreadTokenUsage, Turn } from "../../src/index.js";

/** An `agentMessage` thread item. */
export function agentMessage(
  id: string,
  text: string,
  phase: "commentary" | "final_answer" | null = null,
): ThreadItem {
  return {
    type: "agentMessage",
    id,
    text,
    phase,
    moderation: null,
    memoryCitation: null,
    delivery: null,
    questions: null,
  };
}

/** A full `Turn` with defaults for everything not given. */
export function turn(fields: Partial<Turn> & { id: string }): Turn {
  return {
    rootTurnId: fields.id,
    items: [],
    itemsView: "summary",
    status: "completed",
    error: null,
    startedAt: null,
    completedAt: null,
    durationMs: null,
    ...fields,
  };
}

export const turnStarted = (threadId: string, turnId: string): Notification => ({
  method: "turn/started",
  params: { threadId, turn: turn({ id: turnId, status: "inProgress" }) },
});

export const turnCompleted = (threadId: string, t: Partial<Turn> & { id: string }): Notification => ({
  method: "turn/completed",
  params: { threadId, turn: turn(t) },
});

export const itemCompleted = (threadId: string, turnId: string, item: ThreadItem): Notification => ({
  method: "item/completed",
  params: { threadId, turnId, item, completedAtMs: 0 },
});

export const agentDelta = (
  threadId: string,
  turnId: string,
  itemId: string,
  delta: string,
): Notification => ({
  method: "item/agentMessage/delta",
  params: { threadId, turnId, itemId, delta },
});

export function tokenUsage(total: number): ThreadTokenUsage {
  const breakdown = {
    totalTokens: total,
    inputTokens: total - 1,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    outputTokens: 1,
    reasoningOutputTokens: 0,
  };
  return { total: breakdown, last: breakdown, modelContextWindow: null };
}

export const tokenUsageUpdated = (threadId: string, turnId: string, total: number): Notification => ({
  method: "thread/tokenUsage/updated",
  params: { threadId, turnId, tokenUsage: tokenUsage(total) },
});
