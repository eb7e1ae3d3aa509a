/**
 * codexkit benchmark suite: `pnpm bench` (full run) or `pnpm bench --quick` (correctness only, for CI).
 *
 *   --quick          few iterations; asserts correctness (turns completed, events exactly once, maps empty),
 *                    never timing. Exits non-zero on a correctness failure.
 *   --only=a,b       run only these workloads (ids: startup, sequential, codex-sdk, concurrency, dispatch,
 *                    memory, mcp, throughput, tools, pool, ai-sdk, remote, telemetry)
 *   --out=PATH       where to write the JSON results (default packages/bench/results.json; quick: none)
 *   --md             also rewrite the generated section of the root BENCHMARKS.md
 *   --md-only        only re-render that section from packages/bench/results.json (runs nothing)
 *
 * Every workload uses the real pinned `codex app-server` (native binary), the scripted model from
 * @codexkit/testing and one isolated CODEX_HOME, in this one process.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createBenchEnv } from "./env.js";
import { hasExposedGc } from "./gc.js";
import { printTable, type RunRecord, renderMarkdown, updateMarkdown } from "./report.js";
import { now } from "./stats.js";
import type { Workload, WorkloadResult } from "./types.js";
import { aiSdk } from "./workloads/ai-sdk.js";
import { codexSdk } from "./workloads/codex-sdk.js";
import { concurrency } from "./workloads/concurrency.js";
import { dispatch } from "./workloads/dispatch.js";
import { mcp } from "./workloads/mcp.js";
import { memory } from "./workloads/memory.js";
import { pool } from "./workloads/pool.js";
import { remote } from "./workloads/remote.js";
import { sequential } from "./workloads/sequential.js";
import { startup } from "./workloads/startup.js";
import { telemetry } from "./workloads/telemetry.js";
import { throughput } from "./workloads/throughput.js";
import { tools } from "./workloads/tools.js";

const WORKLOADS: Array<[string, Workload]> = [
  ["startup", startup],
  ["sequential", sequential],
  ["codex-sdk", codexSdk],
  ["concurrency", concurrency],
  ["dispatch", dispatch],
  ["memory", memory],
  ["mcp", mcp],
  ["throughput", throughput],
  ["tools", tools],
  ["pool", pool],
  ["ai-sdk", aiSdk],
  ["remote", remote],
  ["telemetry", telemetry],
];

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(benchDir, "../..");

function parseArgs(argv: string[]) {
  const args = {
    quick: false,
    only: undefined as string[] | undefined,
    out: undefined as string | undefined,
    md: false,
    mdOnly: false,
  };
  for (const arg of argv) {
    if (arg === "--") continue;
    if (arg === "--quick") args.quick = true;
    else if (arg === "--md") args.md = true;
    else if (arg === "--md-only") args.mdOnly = true;
    else if (arg.startsWith("--only=")) args.only = arg.slice(7).split(",");
    else if (arg.startsWith("--out=")) args.out = resolve(process.cwd(), arg.slice(6));
    else throw new Error(`unknown argument ${arg} (use --quick, --only=ids, --out=PATH, --md, --md-only)`);
  }
  return args;
}

function machine() {
  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
    } catch {
      return undefined;
    }
  };
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    commit: git(["rev-parse", "--short", "HEAD"]),
    dirty: (git(["status", "--porcelain", "--", "packages"]) ?? "") !== "",
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: `${cpus.length} × ${cpus[0]?.model ?? "?"}`,
    memoryGB: Math.round(os.totalmem() / 1e9),
    loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => console.log(line);
  if (args.mdOnly) {
    // Re-render BENCHMARKS.md from the last full run's results.json, without running anything.
    const record = JSON.parse(readFileSync(join(benchDir, "results.json"), "utf8")) as RunRecord;
    const path = join(repoRoot, "BENCHMARKS.md");
    log(updateMarkdown(path, renderMarkdown(record)) ? `updated ${path}` : `could not update ${path}`);
    return 0;
  }
  const selected = WORKLOADS.filter(([id]) => !args.only || args.only.includes(id));
  if (args.only) {
    const unknown = args.only.filter((id) => !WORKLOADS.some(([known]) => known === id));
    if (unknown.length) throw new Error(`unknown workload(s): ${unknown.join(", ")}`);
  }
  const env = await createBenchEnv();
  const info = {
    ...machine(),
    codex: env.binary.version,
    mode: args.quick ? "quick" : "full",
    exposeGc: hasExposedGc(),
  };
  log(
    `codexkit bench (${info.mode}) — node ${info.node}, ${info.cpu}, codex ${info.codex}, load ${info.loadavg.join(" ")}`,
  );
  const started = now();
  const results: WorkloadResult[] = [];
  try {
    for (const [id, workload] of selected) {
      log(`> ${id}`);
      const t0 = now();
      let result: WorkloadResult;
      try {
        result = await workload({ quick: args.quick, env, log });
      } catch (error) {
        log(`  ${id} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        result = {
          id,
          title: id,
          status: "error",
          targets: [],
          checks: [{ name: "workload ran", ok: false, detail: String(error) }],
          notes: [String(error)],
        };
      }
      result.durationMs = now() - t0;
      log(`  (${(result.durationMs / 1000).toFixed(1)} s)`);
      results.push(result);
    }
  } finally {
    await env.dispose();
  }
  const totalMs = now() - started;
  log("");
  printTable(results, log);
  log(`\ntotal ${(totalMs / 1000).toFixed(1)} s`);

  const out = args.out ?? (args.quick ? undefined : join(benchDir, "results.json"));
  if (out) {
    writeFileSync(out, `${JSON.stringify({ machine: info, totalMs, results }, null, 2)}\n`);
    log(`results written to ${out}`);
  }
  if (args.md) {
    const path = join(repoRoot, "BENCHMARKS.md");
    const body = renderMarkdown({ machine: info, totalMs, results });
    log(updateMarkdown(path, body) ? `updated ${path}` : `could not update ${path} (markers missing)`);
  }
  const failed = results.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.id}: ${c.name}`));
  if (failed.length) {
    console.error(`\n${failed.length} correctness check(s) failed:\n  ${failed.join("\n  ")}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
