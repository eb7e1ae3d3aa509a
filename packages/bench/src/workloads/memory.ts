/**
 * Workload 6: heap and RSS of the client process after GC, sampled while one `Codex` runs 2,000 turns
 * (10 concurrent workers, a fresh thread every 20 turns so prompt history stays small). Growth from the
 * first sample (after a warm-up batch) to the last must stay under 20 MB, and the router/queue maps must
 * be empty once the turns are done.
 */
import { readFileSync } from "node:fs";
import { newCodex, nonEmptyMaps, threadOptions } from "../clients.js";
import { answerFor } from "../env.js";
import { forceGc } from "../gc.js";
import { summarize } from "../stats.js";
import { check, type Workload } from "../types.js";

const WORKERS = 10;
const TURNS_PER_THREAD = 20;
const MB = 1024 * 1024;

function rssOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? (Number(m[1]) * 1024) / MB : undefined;
  } catch {
    return undefined;
  }
}

export const memory: Workload = async ({ quick, env, log }) => {
  // quick (CI's smoke run of the bench): one batch of 50 after a warm-up of 50, to check the mechanics
  const turnsPerThread = quick ? 5 : TURNS_PER_THREAD;
  const total = quick ? 50 : 2000;
  const batch = WORKERS * turnsPerThread; // 200 turns between samples (quick: 50)
  const codex = newCodex(env);
  await codex.start();
  const problems: string[] = [];
  const samples: Array<{ turns: number; heapMB: number; rssMB: number; appServerRssMB: number | undefined }> =
    [];
  const sample = async (turns: number) => {
    await forceGc();
    const m = process.memoryUsage();
    samples.push({ turns, heapMB: m.heapUsed / MB, rssMB: m.rss / MB, appServerRssMB: rssOf(codex.pid) });
  };
  let done = 0;
  try {
    // Warm-up batch (JIT, lazy module state, sockets) before the first sample.
    const batches = total / batch;
    for (let b = 0; b <= batches; b++) {
      env.feed(batch);
      await Promise.all(
        Array.from({ length: WORKERS }, async (_, w) => {
          const thread = await codex.threadStart(threadOptions(env));
          for (let i = 0; i < turnsPerThread; i++) {
            const prompt = `mem b${b} w${w} t${i}`;
            const result = await thread.run(prompt);
            if (result.finalResponse !== answerFor(prompt))
              problems.push(`${prompt}: ${result.finalResponse}`);
            if (b > 0) done++;
          }
        }),
      );
      env.feed(0); // drop the model's recorded requests before measuring
      await sample(b * batch);
      const s = samples.at(-1)!;
      log(`  memory after ${b * batch} turns: heap ${s.heapMB.toFixed(1)} MB, rss ${s.rssMB.toFixed(1)} MB`);
    }
    const stats = codex.stats();
    const leftovers = nonEmptyMaps(stats);
    const first = samples[0]!;
    const last = samples.at(-1)!;
    const heapGrowth = last.heapMB - first.heapMB;
    const rssGrowth = last.rssMB - first.rssMB;
    const heapPeakGrowth = Math.max(...samples.map((s) => s.heapMB)) - first.heapMB;
    return {
      id: "memory",
      title: `6. Memory: heap/RSS after GC over ${total} turns on one client`,
      status: "ok",
      unit: "MB",
      ours: summarize(samples.map((s) => s.heapMB)),
      ratioMeaning: "growth first → last sample",
      targets: [
        {
          description: "heap growth < 20 MB",
          met: quick ? null : heapGrowth < 20,
          measured: `${heapGrowth >= 0 ? "+" : ""}${heapGrowth.toFixed(2)} MB (peak +${heapPeakGrowth.toFixed(2)})`,
        },
        {
          description: "RSS growth < 20 MB",
          met: quick ? null : rssGrowth < 20,
          measured: `${rssGrowth >= 0 ? "+" : ""}${rssGrowth.toFixed(2)} MB`,
        },
        {
          description: "router/queue maps empty after all turns",
          met: leftovers.length === 0,
          measured: leftovers.length
            ? leftovers.join(", ")
            : `all ${Object.keys(stats).length - 1} maps 0; rememberedCompleted ${stats.rememberedCompleted} (bounded cache)`,
        },
      ],
      checks: [
        check(
          `all ${done} measured turns (+${batch} warm-up) answered correctly`,
          problems.length === 0 && done === total,
          problems.slice(0, 5).join("; ") || undefined,
        ),
        check(
          "router/queue maps empty after all turns",
          leftovers.length === 0,
          leftovers.join(", ") || JSON.stringify(stats),
        ),
      ],
      notes: [
        `Samples every ${batch} turns after gc(); first sample after a ${batch}-turn warm-up. rememberedCompleted is a bounded (4096) set of finished turn ids, not a leak.`,
        `Heap ${first.heapMB.toFixed(1)} → ${last.heapMB.toFixed(1)} MB, RSS ${first.rssMB.toFixed(1)} → ${last.rssMB.toFixed(1)} MB; app-server RSS ${first.appServerRssMB?.toFixed(0)} → ${last.appServerRssMB?.toFixed(0)} MB (not ours; it keeps every thread loaded).`,
      ],
      details: { samples, heapGrowthMB: heapGrowth, rssGrowthMB: rssGrowth, stats },
    };
  } finally {
    await codex.close();
  }
};
