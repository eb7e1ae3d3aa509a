/**
 * Soak (not part of CI): 2,000 threads through a CodexPool with `maxLoadedThreads: 200`. Each thread gets
 * one turn; app-server memory (VmRSS of every member) is sampled along the way; afterwards every thread
 * is resumed through the pool and continued with a second turn. Exits non-zero if any turn fails, any
 * answer is wrong, or a member ever holds more than the limit.
 *
 *   pnpm --filter @codexkit/bench soak [-- --threads=2000 --max-loaded=200 --size=2 --workers=8]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CodexPool } from "@codexkit/node";
import { threadOptions } from "./clients.js";
import { answerFor, createBenchEnv } from "./env.js";
import { now } from "./stats.js";

function arg(name: string, fallback: number): number {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.slice(name.length + 3)) : fallback;
}

/** Resident memory of a process in MB (Linux), or NaN. */
function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

async function main(): Promise<number> {
  const threads = arg("threads", 2000);
  const maxLoaded = arg("max-loaded", 200);
  const size = arg("size", 2);
  const workers = arg("workers", 8);
  const env = await createBenchEnv();
  const pool = new CodexPool({
    size,
    codexPath: env.binary.command,
    codexHome: env.home.path,
    cwd: env.home.workspace,
    env: { ...env.codexEnv, PATH: env.spawnEnv.PATH ?? "" },
    maxLoadedThreads: maxLoaded,
  });
  const ids: string[] = [];
  const failures: string[] = [];
  const samples: Array<{ threads: number; rssMb: number[]; loaded: number[] }> = [];
  let maxLoadedSeen = 0;
  const sample = () => {
    const stats = pool.stats();
    for (const m of stats.members) maxLoadedSeen = Math.max(maxLoadedSeen, m.loadedThreads);
    samples.push({
      threads: ids.length,
      rssMb: stats.members.map((m) => Math.round(rssMb(m.pid))),
      loaded: stats.members.map((m) => m.loadedThreads),
    });
    const last = samples.at(-1)!;
    console.log(
      `  ${last.threads} threads: RSS ${last.rssMb.join(" / ")} MB, loaded ${last.loaded.join(" / ")}`,
    );
  };
  const t0 = now();
  try {
    await pool.start();
    sample();
    let next = 0;
    let sinceSample = 0;
    const phase1 = async () => {
      while (next < threads) {
        const i = next++;
        if (i % 200 === 0) env.feed(400);
        try {
          const thread = await pool.threadStart(threadOptions(env));
          const result = await thread.run(`soak ${i}`);
          if (result.finalResponse !== answerFor(`soak ${i}`))
            failures.push(`turn ${i}: ${result.finalResponse}`);
          ids.push(thread.id);
        } catch (error) {
          failures.push(`thread ${i}: ${String(error)}`);
        }
        if (++sinceSample >= 250) {
          sinceSample = 0;
          sample();
        }
      }
    };
    env.feed(400);
    await Promise.all(Array.from({ length: workers }, phase1));
    sample();
    const phase1Ms = now() - t0;
    console.log(
      `phase 1: ${ids.length} threads, ${failures.length} failures, ${(phase1Ms / 1000).toFixed(0)} s`,
    );
    let resumed = 0;
    let cursor = 0;
    const phase2 = async () => {
      while (cursor < ids.length) {
        const i = cursor++;
        if (i % 200 === 0) env.feed(400);
        try {
          const thread = await pool.threadResume(ids[i]!);
          const result = await thread.run(`again ${i}`);
          if (result.finalResponse !== answerFor(`again ${i}`))
            failures.push(`resume ${i}: ${result.finalResponse}`);
          else resumed++;
        } catch (error) {
          failures.push(`resume ${i}: ${String(error)}`);
        }
        if (i % 250 === 0) sample();
      }
    };
    await Promise.all(Array.from({ length: workers }, phase2));
    sample();
    const totalMs = now() - t0;
    const rss = samples.flatMap((s) => s.rssMb).filter((x) => Number.isFinite(x));
    const summary = {
      date: new Date().toISOString(),
      threads,
      maxLoadedThreads: maxLoaded,
      size,
      workers,
      turns: ids.length + resumed,
      resumedAndContinued: resumed,
      failures: failures.length,
      maxLoadedSeen,
      rssMbFirst: samples[0]?.rssMb,
      rssMbAfterPhase1: samples.find((s) => s.threads === ids.length)?.rssMb,
      rssMbMax: Math.max(...rss),
      rssMbEnd: samples.at(-1)?.rssMb,
      phase1Seconds: Math.round(phase1Ms / 1000),
      totalSeconds: Math.round(totalMs / 1000),
      samples,
    };
    console.log(JSON.stringify({ ...summary, samples: undefined }, null, 2));
    if (failures.length) console.log(failures.slice(0, 10).join("\n"));
    const dir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
    writeFileSync(join(dir, "soak-results.json"), `${JSON.stringify(summary, null, 2)}\n`);
    // Busy threads (running a turn, or new without a stored turn yet) cannot be unloaded: up to `workers` over.
    return failures.length === 0 && maxLoadedSeen <= maxLoaded + workers && resumed === threads ? 0 : 1;
  } finally {
    await pool.close();
    await env.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
