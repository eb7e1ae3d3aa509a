import type { Notification, TurnHandle } from "@codexkit/node";
import { describe, expect, test } from "vitest";
import { collectTurn } from "../src/turn-stream.js";

/**
 * A fake turn that behaves like codex app-server: `turn/interrupt` fails with "no active turn to interrupt"
 * until `turn/started` has been emitted; once it succeeds, the turn completes as interrupted.
 */
function fakeTurn(options: { ignoreInterrupts?: boolean } = {}) {
  let started = false;
  let interruptAccepted = false;
  let wake: () => void = () => {};
  const interruptCalls: string[] = [];
  const handle = {
    id: "turn-1",
    async *stream(): AsyncGenerator<Notification, void, undefined> {
      await new Promise((resolve) => setTimeout(resolve, 20));
      started = true;
      yield {
        method: "turn/started",
        params: { threadId: "t", turn: { id: "turn-1" } },
      } as unknown as Notification;
      if (!interruptAccepted) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      yield {
        method: "turn/completed",
        params: {
          threadId: "t",
          turn: { id: "turn-1", status: "interrupted", error: null, items: [], durationMs: 5 },
        },
      } as unknown as Notification;
    },
    async interrupt() {
      interruptCalls.push(started ? "accepted" : "no active turn");
      if (!started) throw new Error("JSON-RPC error -32600 (turn/interrupt): no active turn to interrupt");
      if (!options.ignoreInterrupts) {
        interruptAccepted = true;
        wake();
      }
      return {};
    },
  };
  return { handle: handle as unknown as Pick<TurnHandle, "id" | "stream" | "interrupt">, interruptCalls };
}

describe("interrupting a turn", () => {
  test("an abort before the turn has started still interrupts it, once turn/started arrives", async () => {
    const { handle, interruptCalls } = fakeTurn();
    const controller = new AbortController();
    controller.abort(new Error("cancelled right after turn/start"));
    const collected = await collectTurn(handle, { signal: controller.signal, graceMs: 1000 });
    expect(collected.abandoned).toBe(false);
    expect(collected.turn?.status).toBe("interrupted");
    expect(interruptCalls).toEqual(["accepted"]);
  });

  test("an abort after the turn has started interrupts it at once", async () => {
    const { handle, interruptCalls } = fakeTurn();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    const collected = await collectTurn(handle, { signal: controller.signal, graceMs: 1000 });
    expect(collected.turn?.status).toBe("interrupted");
    expect(interruptCalls).toEqual(["accepted"]);
  });

  test("a turn that never confirms the interrupt is abandoned after the grace period instead of hanging", async () => {
    const { handle } = fakeTurn({ ignoreInterrupts: true });
    const controller = new AbortController();
    controller.abort();
    const collected = await collectTurn(handle, { signal: controller.signal, graceMs: 100 });
    expect(collected.abandoned).toBe(true);
    expect(collected.turn).toBeUndefined();
  });
});
