/** Workload 2: 20 sequential `thread.run` turns on one thread vs the raw client sending the same requests. */

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
import { alternating, now, pairedRatios, summarize } from "../stats.js";
import { check, type Workload } from "../types.js";

const TURNS = 20;

export const sequential: Workload = async ({ quick, env, log }) => {
  const rounds = quick ? 1 : 12;
  const warmup = quick ? 0 : 1;
  const codex = newCodex(env);
  const raw = newRaw(env);
  await codex.start();
  await raw.initialize();
  const problems: string[] = [];
  // Every notification codexkit receives, grouped by turn, to check each turn's events on the wire.
  const byTurn = notificationsByTurn(codex);
  const perTurnOurs: number[] = [];
  const perTurnRaw: number[] = [];
  const cpu = { ours: 0, raw: 0 };
  let turnsOurs = 0;
  let turnsRaw = 0;
  try {
    // Turn-level interleaving: each client runs its 20 turns sequentially on its own thread, but the two
    // alternate turn by turn (ABBA…), so load changes on a noisy machine hit both sides of a round alike.
    const ours: number[] = [];
    const base: number[] = [];
    for (let round = 0; round < rounds + warmup; round++) {
      const thread = await codex.threadStart(threadOptions(env));
      const threadId = await raw.threadStart(rawThreadParams(env));
      env.feed(2 * TURNS);
      const sum = { ours: 0, raw: 0 };
      const runOurs = async (i: number) => {
        const prompt = `seq ours r${round} t${i}`;
        const c0 = process.cpuUsage();
        const t = now();
        const result = await thread.run(prompt);
        const ms = now() - t;
        const c = process.cpuUsage(c0);
        if (round >= warmup) {
          perTurnOurs.push(ms);
          cpu.ours += c.user + c.system;
        }
        sum.ours += ms;
        if (result.finalResponse !== answerFor(prompt) || result.status !== "completed")
          problems.push(`ours ${prompt}: ${result.status} ${JSON.stringify(result.finalResponse)}`);
        const events = byTurn.get(result.id) ?? [];
        byTurn.delete(result.id);
        problems.push(...verifyTurnEvents(events, result.id, prompt).map((p) => `ours ${p}`));
        turnsOurs++;
      };
      const runRaw = async (i: number) => {
        const prompt = `seq raw r${round} t${i}`;
        const c0 = process.cpuUsage();
        const t = now();
        const events = await raw.runTurn(threadId, prompt);
        const ms = now() - t;
        const c = process.cpuUsage(c0);
        if (round >= warmup) {
          perTurnRaw.push(ms);
          cpu.raw += c.user + c.system;
        }
        sum.raw += ms;
        const turnId = (events.at(-1)?.params.turn as { id: string } | undefined)?.id ?? "?";
        problems.push(...verifyTurnEvents(events, turnId, prompt).map((p) => `raw ${p}`));
        turnsRaw++;
      };
      for (let i = 0; i < TURNS; i++) {
        for (const run of alternating(i + round, runOurs, runRaw)) await run(i);
      }
      ours.push(sum.ours);
      base.push(sum.raw);
    }
    const oursT = ours.slice(warmup);
    const baseT = base.slice(warmup);
    log(
      `  sequential: ours ${oursT.map((x) => x.toFixed(0)).join(" ")} | raw ${baseT.map((x) => x.toFixed(0)).join(" ")}`,
    );
    const ratio = summarize(pairedRatios(oursT, baseT));
    const stats = codex.stats();
    const leftovers = nonEmptyMaps(stats);
    const measuredTurns = rounds * TURNS;
    return {
      id: "sequential",
      title: `2. Sequential: ${TURNS} thread.run turns on one thread`,
      status: "ok",
      unit: "ms",
      ours: summarize(oursT),
      baseline: summarize(baseT),
      baselineName: "raw JSONL client",
      ratio,
      ratioMeaning: "time ours/raw (lower is better)",
      targets: [
        {
          description: "ratio ≤ 1.05",
          met: quick ? null : ratio.median <= 1.05,
          measured: `${ratio.median.toFixed(3)}×`,
        },
      ],
      checks: [
        check(
          `all ${turnsOurs + turnsRaw} turns completed with the right answer and exactly the expected events`,
          problems.length === 0,
          problems.slice(0, 5).join("; ") || undefined,
        ),
        check(
          "router/queue maps empty after the turns",
          leftovers.length === 0,
          leftovers.join(", ") || undefined,
        ),
      ],
      notes: [
        `${rounds} rounds (+${warmup} warm-up); a round = ${TURNS} sequential turns on a fresh thread per client (one long-lived client each), the two clients alternating turn by turn; figure = sum of the ${TURNS} turn latencies.`,
      ],
      details: {
        perTurnMs: { ours: summarize(perTurnOurs), raw: summarize(perTurnRaw) },
        perTurnPairedRatio: summarize(pairedRatios(perTurnOurs, perTurnRaw)),
        clientCpuMsPerTurn: {
          ours: cpu.ours / 1000 / measuredTurns,
          raw: cpu.raw / 1000 / measuredTurns,
          note: "process CPU (includes the in-process scripted model, the same for both)",
        },
        stats,
      },
    };
  } finally {
    await codex.close();
    await raw.close();
  }
};
