import { CodexError, TransportClosedError } from "@codexkit/core";
import type { SignalName } from "./signal-name.js";

/** The app-server process exited (or was killed); pending calls fail with this. */
export class ProcessExitedError extends TransportClosedError {
  /** The exit code, or null when killed by a signal. */
  readonly exitCode: number | null;
  /** The signal that killed the process, if any. */
  readonly signal: SignalName | null;

  constructor(exitCode: number | null, signal: SignalName | null, stderrTail: string) {
    super(
      `codex app-server exited ${signal ? `on signal ${signal}` : `with code ${String(exitCode)}`}`,
      stderrTail ? { stderrTail, code: "process_exited" } : { code: "process_exited" },
    );
    this.exitCode = exitCode;
    this.signal = signal;
  }
}

/** codex app-server could not be started or did not complete `initialize`. */
export class StartupError extends CodexError {
  /** Tail of the process's stderr, when any was captured. */
  readonly stderrTail: string | undefined;

  constructor(message: string, options?: { stderrTail?: string; cause?: unknown }) {
    super(options?.stderrTail ? `${message}\n--- stderr tail ---\n${options.stderrTail}` : message, {
      code: "startup_failed",
      cause: options?.cause,
    });
    this.stderrTail = options?.stderrTail;
  }
}
