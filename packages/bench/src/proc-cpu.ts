/** CPU time of another process from `/proc/<pid>/stat` (Linux only). */
import { existsSync, readFileSync } from "node:fs";

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on every Linux build in practice). */
const TICKS_PER_SECOND = 100;

/** Whether {@link processCpuMs} can read `pid` here. */
export function canReadProcessCpu(pid: number | undefined): pid is number {
  return pid !== undefined && process.platform === "linux" && existsSync(`/proc/${pid}/stat`);
}

/**
 * CPU milliseconds used by `pid` so far: utime + stime, plus cutime + cstime (its children it has waited
 * for — codex's login shells for shell snapshots and its `git` processes), from `/proc/<pid>/stat`.
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after "(comm)": state is field 3, so utime (14), stime (15), cutime (16), cstime (17) are 11–14.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/**
 * Waits until `pid` stops using CPU (two equal readings `stepMs` apart, at most `maxMs`) and returns its
 * CPU ms then, so that work it finishes in the background (a snapshot shell reaped late) is counted.
 */
export async function settledProcessCpuMs(pid: number, stepMs = 100, maxMs = 3000): Promise<number> {
  let last = processCpuMs(pid);
  for (let waited = 0; waited < maxMs; waited += stepMs) {
    await new Promise((resolve) => setTimeout(resolve, stepMs));
    const current = processCpuMs(pid);
    if (current === last) return current;
    last = current;
  }
  return last;
}
