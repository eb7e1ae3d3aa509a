import type { BenchEnv } from "./env.js";
import type { Summary } from "./stats.js";

/** One correctness assertion. A failing check makes `pnpm bench` (and `--quick`) exit non-zero. */
export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

/** A performance target from the issue, with whether the measured figure meets it (null: not measured). */
export interface Target {
  description: string;
  met: boolean | null;
  measured: string;
}

export interface WorkloadResult {
  id: string;
  title: string;
  /** `ok`, `pending` (could not run yet, e.g. a package not built), or `error` (threw). */
  status: "ok" | "pending" | "error";
  /** Unit of `ours` / `baseline` (e.g. `ms`, `turns/s`, `msgs/s`, `MB`). */
  unit?: string;
  ours?: Summary;
  baseline?: Summary;
  baselineName?: string;
  /** Paired per-round ratios (see `ratioMeaning`). */
  ratio?: Summary;
  ratioMeaning?: string;
  targets: Target[];
  checks: Check[];
  notes: string[];
  /** Workload-specific figures (recorded in results.json). */
  details?: Record<string, unknown>;
  durationMs?: number;
}

export interface RunOptions {
  quick: boolean;
  env: BenchEnv;
  log: (line: string) => void;
}

export type Workload = (options: RunOptions) => Promise<WorkloadResult>;

export function check(name: string, ok: boolean, detail?: string): Check {
  return detail === undefined ? { name, ok } : { name, ok, detail };
}
