import type { ThreadCompactStartResponse } from "@codexkit/core";
import type { Session } from "../session/session.js";

/** How long to wait for the compaction's `turn/started` before releasing the thread without it. */
const COMPACTION_TURN_WAIT_MS = 10_000;

/**
 * @internal Sends `thread/compact/start` and calls `release` once the compaction turn it starts has
 * completed, or after {@link COMPACTION_TURN_WAIT_MS} without one (if the request fails, the caller releases).
 */
export async function startCompaction(
  session: Session,
  threadId: string,
  release: () => void,
): Promise<ThreadCompactStartResponse> {
  let stop = () => {};
  const started = new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), COMPACTION_TURN_WAIT_MS);
    const off = session.onNotification((n) => {
      if (n.method === "turn/started" && n.params.threadId === threadId) resolve(n.params.turn.id);
    });
    stop = () => {
      clearTimeout(timer);
      off();
    };
  });
  try {
    const response = await session.request("thread/compact/start", { threadId });
    void started.then(async (turnId) => {
      stop();
      if (turnId) await session.whenTurnCompleted(turnId);
      release();
    });
    return response;
  } catch (error) {
    stop();
    throw error;
  }
}
