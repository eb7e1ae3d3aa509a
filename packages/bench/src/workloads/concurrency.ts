/**
 * Workload 4: 100 turns in flight on one client, spread over 10 threads (10 queued turns each) and over
 * 100 threads (one each). Every turn must complete with its own answer and receive every one of its events
 * exactly once, in order; throughput is compared with the raw client doing the same.
 */
import type { Notification, Thread } from "@codexkit/node";
import {
  newCodex,
  newRaw,
  nonEmptyMaps,
  notificationsByTurn,
  rawThreadParams,
  threadOptions,
  verifyTurnEvents,
} from "../clients.js";
import { answerFor } from "../env.js";
import { interleave, now, pairedRatios, type Summary, summarize } from "../stats.js";
import { type Check, check, type Workload, type WorkloadResult } from "../types.js";

/** Turns in flight per layout; the quick run (CI's smoke run) checks the same two layouts at 40. */
const TOTAL = 100;
const QUICK_TOTAL = 40;

export const concurrency: Workload = async ({ quick, env, log }) => {
  const rounds = quick ? 1 : 5;
  const total = quick ? QUICK_TOTAL : TOTAL;
  // queued: a tenth as many threads, 10 turns queued on each; wide: one turn on each of `total` threads
  const queuedThreads = total / 10;
  const codex = newCodex(env);
  const raw = newRaw(env);
  await codex.start();
  await raw.initialize();
  // The wire: every notification codexkit received, per turn, to compare with what each turn's stream got.
  const wire = notificationsByTurn(codex);
  const problems: string[] = [];
  let delivered = 0;
  let completed = 0;

  async function ours(threads: Thread[], perThread: number, tag: string): Promise<number> {
    env.feed(total);
    const t0 = now();
    const tasks: Promise<void>[] = [];
    for (const [ti, thread] of threads.entries()) {
      for (let j = 0; j < perThread; j++) {
        const prompt = `${tag} th${ti} t${j}`;
        tasks.push(
          (async () => {
            const handle = await thread.turn(prompt);
            const events: Notification[] = [];
            for await (const event of handle.stream()) events.push(event);
            const result = await handle.run();
            if (result.finalResponse !== answerFor(prompt))
              problems.push(`ours ${prompt}: ${JSON.stringify(result.finalResponse)}`);
            problems.push(...verifyTurnEvents(events, handle.id, prompt).map((p) => `ours ${p}`));
            // Exactly once, in order: the stream holds the very objects that arrived on the wire.
            const seen = wire.get(handle.id) ?? [];
            if (seen.length !== events.length || seen.some((n, i) => n !== events[i]))
              problems.push(`ours ${prompt}: stream (${events.length}) differs from wire (${seen.length})`);
            wire.delete(handle.id);
            delivered += events.length;
            completed++;
          })(),
        );
      }
    }
    await Promise.all(tasks);
    return now() - t0;
  }

  async function baseline(threadIds: string[], perThread: number, tag: string): Promise<number> {
    env.feed(total);
    const t0 = now();
    await Promise.all(
      threadIds.map(async (threadId, ti) => {
        for (let j = 0; j < perThread; j++) {
          const prompt = `${tag} th${ti} t${j}`;
          const events = await raw.runTurn(threadId, prompt);
          const turnId = (events.at(-1)?.params.turn as { id: string } | undefined)?.id ?? "?";
          problems.push(...verifyTurnEvents(events, turnId, prompt).map((p) => `raw ${p}`));
        }
      }),
    );
    return now() - t0;
  }

  const configs: Array<{ threads: number; a: number[]; b: number[] }> = [];
  try {
    for (const threadCount of [queuedThreads, total]) {
      const perThread = total / threadCount;
      const { a, b } = await interleave(
        rounds,
        async (round) => {
          const threads: Thread[] = [];
          for (let i = 0; i < threadCount; i++) threads.push(await codex.threadStart(threadOptions(env)));
          return ours(threads, perThread, `c${threadCount} ours r${round}`);
        },
        async (round) => {
          const ids: string[] = [];
          for (let i = 0; i < threadCount; i++) ids.push(await raw.threadStart(rawThreadParams(env)));
          return baseline(ids, perThread, `c${threadCount} raw r${round}`);
        },
      );
      log(
        `  concurrency ${threadCount} threads: ours ${a.map((x) => x.toFixed(0)).join(" ")} | raw ${b.map((x) => x.toFixed(0)).join(" ")}`,
      );
      configs.push({ threads: threadCount, a, b });
    }
    const stats = codex.stats();
    const leftovers = nonEmptyMaps(stats);
    const expectedTurns = rounds * total * 2;
    const checks: Check[] = [
      check(
        `all ${expectedTurns} codexkit turns completed (and ${expectedTurns} raw)`,
        completed === expectedTurns,
        `${completed} completed`,
      ),
      check(
        "every expected event received exactly once, in order, by its own turn",
        problems.length === 0 && delivered === expectedTurns * 11,
        problems.length ? problems.slice(0, 5).join("; ") : `${delivered} events delivered`,
      ),
      check(
        "router/queue maps empty after all turns",
        leftovers.length === 0,
        leftovers.join(", ") || undefined,
      ),
    ];
    const throughput = (ms: number[]) => ms.map((x) => (total * 1000) / x);
    const rows: Record<string, { ours: Summary; raw: Summary; ratio: Summary }> = {};
    for (const c of configs)
      rows[`${c.threads} threads`] = {
        ours: summarize(throughput(c.a)),
        raw: summarize(throughput(c.b)),
        ratio: summarize(pairedRatios(throughput(c.a), throughput(c.b))),
      };
    const main = rows[`${queuedThreads} threads`]!;
    const wide = rows[`${total} threads`]!;
    const result: WorkloadResult = {
      id: "concurrency",
      title: `4. Concurrency: ${total} turns in flight on one client (${queuedThreads} threads / ${total} threads)`,
      status: "ok",
      unit: "turns/s",
      ours: main.ours,
      baseline: main.raw,
      baselineName: "raw JSONL client",
      ratio: main.ratio,
      ratioMeaning: `throughput ours/raw, ${queuedThreads} threads × 10 turns (higher is better)`,
      targets: [
        {
          description: "all complete, every event exactly once",
          met: checks.every((c) => c.ok),
          measured: `${completed} turns, ${delivered} events`,
        },
        {
          description: "throughput vs raw reported",
          met: null,
          measured: `${queuedThreads} threads ${main.ratio.median.toFixed(3)}×, ${total} threads ${wide.ratio.median.toFixed(3)}×`,
        },
      ],
      checks,
      notes: [
        `${rounds} interleaved rounds per layout; threads are started before the clock starts.`,
        `${total} threads × 1 turn: ours ${wide.ours.median.toFixed(1)} turns/s, raw ${wide.raw.median.toFixed(1)} turns/s, ratio ${wide.ratio.median.toFixed(3)} (p10–p90 ${wide.ratio.p10.toFixed(3)}–${wide.ratio.p90.toFixed(3)}).`,
      ],
      details: { layouts: rows, stats },
    };
    return result;
  } finally {
    await codex.close();
    await raw.close();
  }
};
