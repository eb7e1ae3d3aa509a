import type { Notification, TurnHandle, TurnResult } from "@codexkit/node";
import { describe, expect, test } from "vitest";
import { followTurn } from "../src/follow-turn.js";

/**
 * FAKE turn, to inject a fault a real app-server does not produce on demand: a turn that never confirms
 * an interrupt (its stream never ends).
 */
function turnThatNeverEnds(): Pick<TurnHandle, "stream" | "run"> {
  return {
    async *stream(): AsyncGenerator<Notification, void, undefined> {
      yield {
        method: "turn/started",
        params: { threadId: "t", turn: { id: "turn-1" } },
      } as unknown as Notification;
      await new Promise(() => {});
    },
    run: () => new Promise<TurnResult>(() => {}),
  };
}

describe("interrupting a turn", () => {
  test("a turn that never confirms the interrupt is abandoned after the grace period instead of hanging", async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const following = followTurn(turnThatNeverEnds(), {
      observe: (notification) => seen.push(notification.method),
      signal: controller.signal,
      graceMs: 100,
    });
    controller.abort();
    expect(await following).toEqual({ result: undefined, abandoned: true });
    expect(seen).toEqual(["turn/started"]);
  });
});
