/**
 * Process-level helpers of the reliability suite that only it needs: a recorder of unhandled rejections and
 * uncaught exceptions, and the pid a command the app-server ran wrote to a file. (Liveness, waiting for pids
 * to disappear and deadline races: `@codexkit/test-support`.)
 */
import { existsSync, readFileSync } from "node:fs";
import { waitFor } from "@codexkit/test-support";

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
export function pidFrom(file: string): Promise<number> {
  return waitFor(() => {
    const pid = existsSync(file) ? Number(readFileSync(file, "utf8").trim()) : Number.NaN;
    return pid > 0 ? pid : undefined;
  }, `a pid in ${file}`);
}
