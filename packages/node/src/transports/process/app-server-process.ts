import { type ChildProcess, spawn } from "node:child_process";
import { type ByteStream, type CodexError, TransportClosedError } from "@codexkit/core";
import { ProcessExitedError, type SignalName, StartupError } from "../../client/errors.js";
import { delay } from "../../internal/async.js";
import { redactSecrets } from "../../internal/redact.js";
import type { ResolvedCodexBinary } from "./binary-resolution.js";
import { StderrTail } from "./stderr-tail.js";

/** How to launch `codex app-server`. */
export interface SpawnOptions {
  /** The codex binary to run. */
  binary: ResolvedCodexBinary;
  /** Environment of the child (already merged). */
  env: Record<string, string | undefined>;
  /** Working directory of the child. */
  cwd?: string | undefined;
  /** `-c key=value` overrides, placed before the subcommand. */
  configOverrides?: readonly string[];
  /** Extra arguments after `app-server`. */
  extraArgs?: readonly string[];
  /** Replaces the whole argv after the command (no `app-server` added). */
  argsOverride?: readonly string[] | undefined;
  /** Strings to redact from the stderr tail (e.g. API keys the caller passed). */
  secrets?: () => readonly string[];
}

/** Timeouts of {@link AppServerProcess.close}, in ms. */
export interface CloseTimeouts {
  /** Wait after ending stdin before SIGTERM. Default 2000. */
  graceMs?: number;
  /** Wait after SIGTERM before SIGKILL. Default 2000. */
  termMs?: number;
}

/** How long a tail waits, after the exit, for the rest of stderr (see {@link AppServerProcess.finalStderrTail}). */
const STDERR_END_WAIT_MS = 5000;

const live = new Set<AppServerProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // The child never outlives us: on exit, kill what is still running (synchronously; 'exit' allows nothing else).
  process.once("exit", () => {
    for (const child of live) child.killNow("SIGKILL");
  });
}

/**
 * One `codex app-server` child process speaking JSONL over stdio. Exposes its stdio as a {@link ByteStream},
 * keeps a bounded, redacted stderr tail, and closes in stages: end stdin, SIGTERM, SIGKILL.
 */
export class AppServerProcess {
  /**
   * The child process.
   * @internal
   */
  readonly child: ChildProcess;
  /** The child's stdout/stdin as a {@link ByteStream}. */
  readonly stream: ByteStream;
  private readonly tail = new StderrTail();
  private readonly exit: Promise<{ code: number | null; signal: SignalName | null }>;
  /** Settles when the child's stderr is read to its end (also after a failed spawn). */
  private readonly stderrEnded: Promise<void>;
  private exitInfo: { code: number | null; signal: SignalName | null } | undefined;
  private spawnError: Error | undefined;
  private closedByClient = false;
  private closePromise: Promise<void> | undefined;

  constructor(private readonly options: SpawnOptions) {
    const { binary } = options;
    const args = options.argsOverride
      ? [...binary.args, ...options.argsOverride]
      : [
          ...binary.args,
          ...(options.configOverrides ?? []).flatMap((kv) => ["-c", kv]),
          "app-server",
          ...(options.extraArgs ?? []),
        ];
    // No shell: arguments go to the binary as an array. detached puts the server (and the commands it runs)
    // in its own process group so close() can end the whole tree.
    this.child = spawn(binary.command, args, {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
      detached: process.platform !== "win32",
      windowsHide: true,
      shell: false,
    });
    live.add(this);
    installExitHook();
    this.exit = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.exitInfo = { code, signal };
        live.delete(this);
        resolve(this.exitInfo);
      });
      this.child.once("error", (error) => {
        this.spawnError = error;
        live.delete(this);
        // 'exit' may never come after a spawn error
        if (this.child.pid === undefined) resolve({ code: null, signal: null });
      });
    });
    this.child.stderr?.on("data", (chunk: Buffer) => this.tail.push(chunk));
    // 'close' also comes when spawning fails: Node destroys the pipes of a child that never started.
    const stderr = this.child.stderr;
    this.stderrEnded = stderr
      ? new Promise((resolve) => stderr.once("close", () => resolve()))
      : Promise.resolve();
    this.child.stdin?.on("error", () => {
      // EPIPE after the child died: surfaced through the closed stream, never as an uncaught exception.
    });
    this.stream = this.createStream();
  }

  /** The command that was started (for messages). */
  get binaryDescription(): {
    /** The command that was started. */
    command: string;
    /** Where the binary was found: `option`, `env`, `bundled-native`, `bundled-launcher` or `path`. */
    source: string;
  } {
    return { command: this.options.binary.command, source: this.options.binary.source };
  }

  /** The child's pid (undefined if spawning failed). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the process has exited. */
  get exited(): boolean {
    return this.exitInfo !== undefined || (this.spawnError !== undefined && this.child.pid === undefined);
  }

  /** Resolves with the exit code and signal once the process has exited. */
  waitForExit(): Promise<{
    /** The exit code, or null when killed by a signal. */
    code: number | null;
    /** The signal that ended the process, if any. */
    signal: SignalName | null;
  }> {
    return this.exit;
  }

  /**
   * `text` with the secrets this process knows of (and anything that looks like a key) redacted.
   * @internal
   */
  redact(text: string): string {
    return redactSecrets(text, this.options.secrets?.() ?? []);
  }

  /** The last `lines` of stderr, ANSI-stripped and with secrets redacted. */
  stderrTail(lines = 40): string {
    return this.tail.text(lines, this.options.secrets?.() ?? []);
  }

  /**
   * The stderr tail once the process has exited and its stderr is read to the end. 'exit' can come before
   * the last stderr bytes are read (a server that prints why it fails and exits at once); a command the
   * server started can keep the pipe open after it, so the wait for the end is bounded.
   * @internal
   */
  async finalStderrTail(lines = 40): Promise<string> {
    await Promise.race([this.stderrEnded, delay(STDERR_END_WAIT_MS)]);
    return this.stderrTail(lines);
  }

  /** The error pending calls fail with after the stream closed: exit code, signal and stderr tail. */
  async describeClose(cause?: Error): Promise<CodexError> {
    if (this.spawnError && this.child.pid === undefined) {
      return new StartupError(`could not start ${this.options.binary.command}: ${this.spawnError.message}`, {
        cause: this.spawnError,
      });
    }
    const info = await Promise.race([this.exit, delay(1000).then(() => undefined)]);
    if (this.closedByClient) return new TransportClosedError("The Codex client was closed");
    if (!info)
      return new TransportClosedError("codex app-server closed its stdout", {
        stderrTail: this.stderrTail(),
        cause,
      });
    return new ProcessExitedError(info.code, info.signal, await this.finalStderrTail());
  }

  /** Stops the process: end stdin, wait, SIGTERM, wait, SIGKILL. Idempotent; resolves once it has exited. */
  close(timeouts: CloseTimeouts = {}): Promise<void> {
    this.closedByClient = true;
    this.closePromise ??= (async () => {
      if (this.exited) return;
      this.child.stdin?.end();
      if (await exitedWithin(this.exit, timeouts.graceMs ?? 2000)) return this.reapGroup();
      this.killNow("SIGTERM");
      if (await exitedWithin(this.exit, timeouts.termMs ?? 2000)) return this.reapGroup();
      this.killNow("SIGKILL");
      await this.exit;
    })();
    return this.closePromise;
  }

  /** Sends `signal` to the process group (POSIX) or the process. Never throws. */
  killNow(signal: SignalName): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform !== "win32") process.kill(-pid, signal);
      else this.child.kill(signal as NodeJS.Signals);
    } catch {
      try {
        this.child.kill(signal as NodeJS.Signals);
      } catch {
        // already gone
      }
    }
  }

  private reapGroup(): void {
    // Commands an interrupted turn left running live in the server's process group; end them too.
    if (process.platform !== "win32") this.killNow("SIGKILL");
  }

  private createStream(): ByteStream {
    const { stdout, stdin } = this.child;
    let closed = false;
    const closeListeners = new Set<(error?: Error) => void>();
    const fireClose = (error?: Error) => {
      if (closed) return;
      closed = true;
      for (const listener of closeListeners) listener(error);
    };
    stdout?.on("close", () => fireClose());
    stdout?.on("error", (error) => fireClose(error));
    this.child.once("error", (error) => {
      if (this.child.pid === undefined) fireClose(error);
    });
    return {
      onData(listener) {
        stdout?.on("data", listener);
        return () => stdout?.off("data", listener);
      },
      onClose(listener) {
        closeListeners.add(listener);
        return () => closeListeners.delete(listener);
      },
      write: (text) =>
        new Promise<void>((resolve, reject) => {
          if (!stdin || stdin.destroyed || stdin.writableEnded || closed) {
            reject(new TransportClosedError("codex app-server's stdin is closed"));
            return;
          }
          stdin.write(text, (error) => (error ? reject(error) : resolve()));
        }),
      end: () => {
        if (stdin && !stdin.destroyed && !stdin.writableEnded) stdin.end();
      },
    };
  }
}

async function exitedWithin(exit: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const result = await Promise.race([exit.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
