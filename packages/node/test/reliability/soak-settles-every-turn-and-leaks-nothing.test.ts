import { AbortError, type Thread, type TurnResult } from "@codexkit/node";
import { createTestCodex, inputTexts, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

/** Turns in all, and how many run at once (one thread each: turns on one thread are queued). */
export const SOAK_TURNS = 2000;
export const SOAK_CONCURRENCY = 100;

/** `codex.stats()` entries that are bounded caches of finished turns, not per-turn state. */
const BOUNDED_CACHES = ["rememberedCompleted", "completedUnopened"];

type Outcome = "completed" | "interrupted" | "aborted before it started";

describe("soak", () => {
  it(`${SOAK_TURNS} turns, ${SOAK_CONCURRENCY} at a time, a quarter of them interrupted at random moments: every turn settles with its own answer, and every internal map is empty afterwards`, async () => {
    await using t = await createTestCodex({
      home: {
        // Features that make each turn cost more without changing what the SDK sees.
        features: {
          shell_snapshot: false,
          apps: false,
          hooks: false,
          skill_search: false,
          tool_suggest: false,
        },
        extraConfig: "project_doc_max_bytes = 0\n",
      },
    });
    // The model echoes the prompt; a turn meant to be interrupted stalls until it is.
    const reply = Reply.dynamic((request) => {
      const prompt = inputTexts(request, "user").at(-1) ?? "";
      return prompt.includes("[interrupt]")
        ? Reply.stall()
        : Reply.message(`echo:${prompt}`, { delayMs: Math.floor(Math.random() * 10) });
    });
    t.model.enqueue(...Array.from({ length: SOAK_TURNS + 100 }, () => reply));

    const threads: Thread[] = [];
    for (let i = 0; i < SOAK_CONCURRENCY; i++) {
      threads.push(
        await t.codex.threadStart({ cwd: t.workspace, ephemeral: true, baseInstructions: "Echo." }),
      );
    }
    const outcomes: Record<Outcome, number> = {
      completed: 0,
      interrupted: 0,
      "aborted before it started": 0,
    };
    const wrong: string[] = [];
    let next = 0;

    async function oneTurn(thread: Thread, n: number): Promise<Outcome> {
      const interrupt = Math.random() < 0.25;
      const prompt = `turn ${n}${interrupt ? " [interrupt]" : ""}`;
      const controller = new AbortController();
      const how = Math.random();
      if (interrupt && how < 0.1)
        controller.abort(); // already aborted: nothing is sent
      else if (interrupt && how < 0.5) setTimeout(() => controller.abort(), Math.random() * 40);
      let result: TurnResult;
      try {
        const handle = await thread.turn(prompt, { signal: controller.signal });
        if (interrupt && how >= 0.5)
          setTimeout(() => void handle.interrupt().catch(() => {}), Math.random() * 40);
        if (Math.random() < 0.5) {
          for await (const _ of handle.stream()) {
            // read the events; run() then returns the collected result
          }
        }
        result = await handle.run();
      } catch (error) {
        if (error instanceof AbortError && "result" in error) return "interrupted"; // TurnAbortedError
        if (error instanceof AbortError) return "aborted before it started";
        throw error;
      }
      if (result.status === "interrupted" && interrupt) return "interrupted";
      if (result.status !== "completed" || result.finalResponse !== `echo:${prompt}`) {
        wrong.push(`${prompt}: ${result.status} ${JSON.stringify(result.finalResponse)}`);
      }
      return "completed";
    }

    await Promise.all(
      threads.map(async (thread) => {
        while (next < SOAK_TURNS) {
          const outcome = await oneTurn(thread, next++);
          outcomes[outcome]++;
        }
      }),
    );

    expect(wrong).toEqual([]);
    expect(outcomes.completed + outcomes.interrupted + outcomes["aborted before it started"]).toBe(
      SOAK_TURNS,
    );
    expect(outcomes.completed).toBeGreaterThan(SOAK_TURNS / 2);
    expect(outcomes.interrupted).toBeGreaterThan(0);
    expect(outcomes["aborted before it started"]).toBeGreaterThan(0);

    const stats = t.codex.stats();
    expect(stats).toMatchObject({
      open: 0,
      buffered: 0,
      completionWaiters: 0,
      startedItems: 0,
      turnHandlers: 0,
      loginQueues: 0,
    });
    const leaks = Object.entries(stats).filter(([key, size]) => !BOUNDED_CACHES.includes(key) && size !== 0);
    expect(leaks).toEqual([]);

    expect(t.codex.isClosed).toBe(false);
    expect((await threads[0]!.run("still there?")).finalResponse).toBe("echo:still there?");
  });
});
