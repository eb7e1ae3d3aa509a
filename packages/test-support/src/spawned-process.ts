/**
 * A child process a test spawns and watches: its output collected as text, its exit as a promise, and a
 * cleanup that never leaves it running.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";

/** How a process ended. */
export interface ChildExit {
  /** The exit code, or null when a signal ended it. */
  code: number | null;
  /** The signal that ended it, or null. */
  signal: NodeJS.Signals | null;
}

/** Options of {@link SpawnedProcess}. */
export interface SpawnOptions {
  /** The whole environment of the child (default: this process's). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Working directory. */
  cwd?: string;
  /** `"ignore"` gives the child no stdin at all (default: a pipe, see {@link SpawnedProcess.write}). */
  stdin?: "pipe" | "ignore";
}

/** Every spawned process not known to have exited, for {@link killSpawned}. */
const running = new Set<SpawnedProcess>();

/**
 * A spawned child with piped stdout and stderr, both collected as text. Never spawns through a shell.
 *
 * @example
 * ```ts
 * const program = new SpawnedProcess(process.execPath, [script]);
 * expect(await program.ended).toEqual({ code: 0, signal: null });
 * expect(program.stdout).toContain("done");
 * ```
 */
export class SpawnedProcess {
  /** The Node child process. */
  readonly child: ChildProcess;
  /** Settles when the process has exited (never rejects; a spawn failure resolves with code null). */
  readonly exited: Promise<ChildExit>;
  /**
   * Settles when the process has exited and its stdout and stderr are closed: everything it wrote has been
   * read. (A grandchild that inherited them keeps them open: then use {@link SpawnedProcess.exited}.)
   */
  readonly ended: Promise<ChildExit>;
  /** Everything the process wrote to stdout, as UTF-8 text. */
  stdout = "";
  /** Everything the process wrote to stderr, as UTF-8 text. */
  stderr = "";
  #exit: ChildExit | undefined;

  constructor(command: string, args: readonly string[], options: SpawnOptions = {}) {
    this.child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: [options.stdin ?? "pipe", "pipe", "pipe"],
    });
    running.add(this);
    this.exited = new Promise((resolve) => {
      const done = (exit: ChildExit) => {
        running.delete(this);
        this.#exit ??= exit;
        resolve(this.#exit);
      };
      this.child.once("exit", (code, signal) => done({ code, signal }));
      this.child.once("error", (error) => {
        this.stderr += `spawn failed: ${error.message}\n`;
        if (this.child.pid === undefined) done({ code: null, signal: null });
      });
    });
    this.ended = new Promise((resolve) => {
      this.child.once("close", (code, signal) => resolve({ code, signal }));
      this.child.once("error", () => {
        if (this.child.pid === undefined) resolve({ code: null, signal: null });
      });
    });
    this.child.stdout!.setEncoding("utf8");
    this.child.stdout!.on("data", (text: string) => {
      this.stdout += text;
    });
    this.child.stderr!.setEncoding("utf8");
    this.child.stderr!.on("data", (text: string) => {
      this.stderr += text;
    });
    // A write after the child exited fails with EPIPE: that surfaces as the child's exit, not as a crash.
    this.child.stdin?.on("error", () => {});
  }

  /** The child's pid (throws when the spawn failed). */
  get pid(): number {
    const { pid } = this.child;
    if (pid === undefined) throw new Error(`the process did not start: ${this.stderr}`);
    return pid;
  }

  /** How it exited, once it has. */
  get exit(): ChildExit | undefined {
    return this.#exit;
  }

  /** Writes to the child's stdin as is (text or bytes). */
  write(data: string | Uint8Array): void {
    const stdin = this.child.stdin;
    if (!stdin) throw new Error("the process was spawned without stdin");
    if (!stdin.destroyed && !stdin.writableEnded) stdin.write(data);
  }

  /** Ends the child's stdin (what a parent that goes away politely does). */
  end(): void {
    if (this.child.stdin && !this.child.stdin.writableEnded) this.child.stdin.end();
  }

  /** Sends `signal` (default SIGKILL) unless the process already exited, and waits for its exit. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<ChildExit> {
    if (this.#exit === undefined && this.child.exitCode === null && this.child.signalCode === null)
      this.child.kill(signal);
    return this.exited;
  }
}

/** SIGKILLs every {@link SpawnedProcess} still running and waits for them (e.g. in `afterEach`). */
export async function killSpawned(): Promise<void> {
  await Promise.all([...running].map((spawned) => spawned.kill()));
}
