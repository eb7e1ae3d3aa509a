/**
 * Workload 10: CodexPool. (a) 200 turns over 100 threads (2 each, all threads at once): a pool of 2
 * app-servers vs one `Codex`; (b) pool overhead: a pool of 1 vs a bare `Codex`, 20 sequential turns,
 * alternating turn by turn; (c) failover: `kill -9` of the member holding a thread → the first successful
 * turn on that thread through another member (median of 5).
 */
import { type Codex, CodexPool, type Thread, TransportClosedError } from "@codexkit/node";
import { newCodex, threadOptions } from "../clients.js";
import { answerFor, type BenchEnv } from "../env.js";
import { alternating, interleave, now, pairedRatios, summarize } from "../stats.js";
import { check, type Workload } from "../types.js";

function newPool(env: BenchEnv, size: number): CodexPool {
  return new CodexPool({
    size,
    codexPath: env.binary.command,
    codexHome: env.home.path,
    cwd: env.home.workspace,
    env: { ...env.codexEnv, PATH: env.spawnEnv.PATH ?? "" },
    restart: { initialDelayMs: 100 },
  });
}

type Starter = { threadStart: Codex["threadStart"] };

export const pool: Workload = async ({ quick, env, log }) => {
  const problems: string[] = [];
  const threadCount = quick ? 10 : 100;
  const turnsPerThread = 2;
  const rounds = quick ? 1 : 4;

  /** `threadCount` threads started up front, then `turnsPerThread` turns each, all threads in parallel. */
  async function spread(client: Starter, tag: string): Promise<number> {
    const threads: Thread[] = [];
    for (let i = 0; i < threadCount; i++) threads.push(await client.threadStart(threadOptions(env)));
    env.feed(threadCount * turnsPerThread);
    const t0 = now();
    await Promise.all(
      threads.map(async (thread, ti) => {
        for (let j = 0; j < turnsPerThread; j++) {
          const prompt = `${tag} th${ti} t${j}`;
          const result = await thread.run(prompt);
          if (result.finalResponse !== answerFor(prompt)) problems.push(`${prompt}: ${result.finalResponse}`);
        }
      }),
    );
    const ms = now() - t0;
    await Promise.all(threads.map((t) => t.close()));
    return (threadCount * turnsPerThread * 1000) / ms;
  }

  const two = newPool(env, 2);
  const single = newCodex(env);
  const one = newPool(env, 1);
  const bare = newCodex(env);
  const failover = newPool(env, 2);
  try {
    await Promise.all([two.start(), single.start(), one.start(), bare.start()]);
    // (a) throughput
    const { a: poolTps, b: singleTps } = await interleave(
      rounds,
      (r) => spread(two, `pool2 r${r}`),
      (r) => spread(single, `single r${r}`),
    );
    log(
      `  200 turns/100 threads turns/s: pool of 2 ${poolTps.map((x) => x.toFixed(1)).join(" ")} | one Codex ${singleTps.map((x) => x.toFixed(1)).join(" ")}`,
    );

    // (b) overhead, sequential, alternating turn by turn
    const seqRounds = quick ? 1 : 8;
    const turns = quick ? 4 : 20;
    const perRound = { pool: [] as number[], bare: [] as number[] };
    for (let round = 0; round < seqRounds + (quick ? 0 : 1); round++) {
      const a = await one.threadStart(threadOptions(env));
      const b = await bare.threadStart(threadOptions(env));
      env.feed(2 * turns);
      const sum = { pool: 0, bare: 0 };
      const run = async (thread: Thread, key: "pool" | "bare", i: number) => {
        const prompt = `seq ${key} r${round} t${i}`;
        const t0 = now();
        const result = await thread.run(prompt);
        sum[key] += now() - t0;
        if (result.finalResponse !== answerFor(prompt)) problems.push(`${prompt}: ${result.finalResponse}`);
      };
      for (let i = 0; i < turns; i++) {
        for (const [thread, key] of alternating(i, [a, "pool"] as const, [b, "bare"] as const))
          await run(thread, key, i);
      }
      if (quick || round > 0) {
        perRound.pool.push(sum.pool);
        perRound.bare.push(sum.bare);
      }
    }
    const overhead = summarize(pairedRatios(perRound.pool, perRound.bare));
    log(`  sequential pool-of-1 / bare time ratio: median ${overhead.median.toFixed(3)}`);

    // (c) failover
    await failover.start();
    const failoverMs: number[] = [];
    for (let i = 0; i < (quick ? 1 : 5); i++) {
      for (const m of failover.members)
        for (let w = 0; w < 300 && m.status !== "up"; w++) await new Promise((r) => setTimeout(r, 50));
      env.feed(3);
      const thread = await failover.threadStart(threadOptions(env));
      await thread.run(`fo${i} before`);
      const home = failover.members.find((m) => m.activity().loadedThreads > 0 && m.status === "up");
      const pid = home?.codex.pid;
      if (pid === undefined) {
        problems.push(`failover ${i}: no member holds the thread`);
        continue;
      }
      const t0 = now();
      process.kill(pid, "SIGKILL");
      // As a service would: a turn sent before the exit was noticed fails (TransportClosedError); retry.
      let result: Awaited<ReturnType<Thread["run"]>> | undefined;
      let attempts = 0;
      while (!result && attempts++ < 50) {
        result = await thread.run(`fo${i} after`).catch((error: unknown) => {
          if (!(error instanceof TransportClosedError)) throw error;
          return undefined;
        });
      }
      failoverMs.push(now() - t0);
      if (!result) {
        problems.push(`failover ${i}: no successful turn`);
        continue;
      }
      if (result.finalResponse !== answerFor(`fo${i} after`))
        problems.push(`failover ${i}: ${result.finalResponse}`);
    }
    const failoverSummary = summarize(failoverMs);
    log(`  failover ms: ${failoverMs.map((x) => x.toFixed(0)).join(" ")}`);

    const tps = summarize(pairedRatios(poolTps, singleTps));
    return {
      id: "pool",
      title: "10. CodexPool: 2 app-servers vs one; pool overhead; failover",
      status: "ok",
      unit: "turns/s",
      ours: summarize(poolTps),
      baseline: summarize(singleTps),
      baselineName: "one Codex",
      ratio: tps,
      ratioMeaning: `throughput pool of 2 / one Codex, ${threadCount * turnsPerThread} turns over ${threadCount} threads (higher is better)`,
      targets: [
        {
          description: "pool of 2 vs one Codex (≈1.3× expected on 2 idle cores)",
          met: null,
          measured: `${tps.median.toFixed(2)}×`,
        },
        {
          description: "pool of 1 vs bare Codex, sequential: ≤ 1.03",
          met: overhead.median <= 1.03,
          measured: `${overhead.median.toFixed(3)} (p10–p90 ${overhead.p10.toFixed(3)}–${overhead.p90.toFixed(3)})`,
        },
        {
          description: "failover: kill -9 → successful turn via another member (median of 5)",
          met: null,
          measured: `${failoverSummary.median.toFixed(0)} ms`,
        },
      ],
      checks: [
        check(
          "every pool turn completed with its own answer",
          problems.length === 0,
          problems.slice(0, 5).join("; ") || undefined,
        ),
      ],
      notes: [
        `${rounds} interleaved rounds of ${threadCount} threads × ${turnsPerThread} turns; threads started before the clock.`,
        `Failover samples (ms): ${failoverMs.map((x) => x.toFixed(0)).join(", ")}; the killed member restarts with backoff meanwhile.`,
      ],
      details: { poolTps, singleTps, overhead, failoverMs },
    };
  } finally {
    await Promise.all([two.close(), single.close(), one.close(), bare.close(), failover.close()]);
  }
};
