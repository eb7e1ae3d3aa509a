/**
 * Process-level helpers for the reliability suite: liveness that treats zombies as gone, waiting for pids to
 * disappear, deadline races, and a recorder of unhandled rejections and uncaught exceptions.
 */
import { existsSync, readFileSync } from "node:fs";

/** Whether `pid` is running. A zombie (exited, not reaped yet) counts as gone. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
    return state !== "Z" && state !== "X";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
  }
  try {
    process.kill(pid, 0); // no /proc (not Linux)
    return true;
  } catch {
    return false;
  }
}

/** Waits until none of `pids` is running (at most `timeoutMs`); returns those still running. */
export async function waitUntilGone(pids: readonly number[], timeoutMs = 5_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = pids.filter(isRunning);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Kills whatever of `pids` still runs (test cleanup; never part of an assertion). */
export function killLeftovers(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
}

/**
 * Resolves with how `promise` settled, or rejects if it has not settled within `ms`: the way the suite
 * asserts an upper bound ("rejects within 1 s") without measuring durations.
 */
export function settlesWithin<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<{ value: T } | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  const settled = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return Promise.race([settled, deadline]).finally(() => clearTimeout(timer));
}

/** The error a settled outcome carries; fails when it resolved instead. */
export function errorOf(outcome: { value: unknown } | { error: unknown }): unknown {
  if (!("error" in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

/** Records every unhandled rejection and uncaught exception while installed. */
export interface ProcessFaults {
  /** What was recorded, in order. */
  readonly faults: unknown[];
  /** Lets pending rejections surface (they are reported a tick late), then uninstalls the hooks. */
  stop(): Promise<unknown[]>;
}

/** Installs process-level `unhandledRejection` and `uncaughtException` recorders. */
export function recordProcessFaults(): ProcessFaults {
  const faults: unknown[] = [];
  const onRejection = (reason: unknown) => faults.push(reason);
  const onException = (error: unknown) => faults.push(error);
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return {
    faults,
    async stop() {
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      process.off("unhandledRejection", onRejection);
      process.off("uncaughtException", onException);
      return faults;
    },
  };
}

/** Waits until `file` holds a pid (a command the app-server ran writes it) and returns it. */
export async function pidFrom(file: string, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pid = existsSync(file) ? Number(readFileSync(file, "utf8").trim()) : Number.NaN;
    if (pid > 0) return pid;
    if (Date.now() > deadline) throw new Error(`no pid in ${file} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
