import { AbortError, type ClientParams, InvalidInputError, InvalidRequestError } from "@codexkit/core";
import { AsyncQueue, codexSays } from "@codexkit/core/internal";
import { bytesOf, fromBase64, toBase64 } from "../internal/base64.js";
import {
  checkBooleans,
  checkData,
  describeValue,
  isPlainObject,
  newHandleId,
} from "../internal/validation.js";
import type { Session, SessionSource } from "../session/session.js";
import { checkArgv, type ExecOptions, execParams } from "./exec.js";

/** A terminal size in character cells. */
export interface TerminalSize {
  /** Rows (height). */
  rows: number;
  /** Columns (width). */
  cols: number;
}

/** Options of `codex.spawn`: those of `codex.exec`, plus a terminal and stdin. */
export interface ExecSpawnOptions extends ExecOptions {
  /**
   * Run in a pseudo-terminal: the program sees a TTY, its stdout and stderr arrive together on `stdout`, and
   * {@link ExecProcess.resize} works. Default `false`.
   */
  tty?: boolean;
  /** The terminal's initial size (with `tty`). */
  size?: TerminalSize;
  /** Keep stdin open for {@link ExecProcess.write} (implied by `tty`). Default `true`; `false` gives it none. */
  stdin?: boolean;
}

/** How a process started by `codex.spawn` ended. */
export interface ExecExit {
  /** The exit code (124 after `timeoutMs`, 128 + n after signal n, e.g. 137 after {@link ExecProcess.kill}). */
  exitCode: number;
}

/**
 * A command running on the app-server's host, started by `codex.spawn(argv, options)` over `command/exec`
 * with streamed output: read `stdout` and `stderr` as async iterables of bytes, feed stdin with
 * {@link ExecProcess.write}, resize its terminal, {@link ExecProcess.kill} it, and {@link ExecProcess.wait}
 * for its exit code. codex ends the process if the connection closes; `await using` kills it when the scope
 * ends. Read each output stream with one loop at a time; leaving a loop keeps the stream, so a later loop
 * continues where it stopped. What is not read is buffered.
 *
 * @example
 * ```ts
 * await using proc = await codex.spawn(["python3", "-i"], { tty: true, cwd: "/srv/app" });
 * await proc.write("print(6 * 7)\n");
 * for await (const chunk of proc.stdout) {
 *   if (new TextDecoder().decode(chunk).includes("42")) break;
 * }
 * await proc.kill();
 * ```
 */
export class ExecProcess implements AsyncDisposable {
  private readonly out = new AsyncQueue<Uint8Array>();
  private readonly err = new AsyncQueue<Uint8Array>();
  private readonly exit: Promise<ExecExit>;
  private exited = false;

  private constructor(
    private readonly session: Session,
    /** The connection-scoped id of the process (`processId` on the wire). */
    readonly processId: string,
    /** The command line it runs. */
    readonly command: readonly string[],
    /** Whether it runs in a pseudo-terminal. */
    readonly tty: boolean,
    private readonly stdinOpen: boolean,
    run: Promise<unknown>,
    detach: () => void,
  ) {
    this.exit = run.then(
      (result) => {
        this.exited = true;
        detach();
        this.out.end();
        this.err.end();
        return { exitCode: (result as ExecExit).exitCode };
      },
      (error: unknown) => {
        this.exited = true;
        detach();
        this.out.fail(error);
        this.err.fail(error);
        throw error;
      },
    );
    // wait() reports a failure; nobody has to have asked for it
    this.exit.catch(() => {});
  }

  /** @internal Sends `command/exec` with streaming on, listening for its output first (options checked). */
  static start(session: Session, argv: string[], options: ExecSpawnOptions): ExecProcess {
    const params = checkSpawn(argv, options);
    const tty = options.tty ?? false;
    const { signal } = options;
    if (signal?.aborted) throw new AbortError("spawn aborted before it started", { cause: signal.reason });
    const processId = newHandleId("codexkit-exec");
    const stdinOpen = tty || options.stdin !== false;
    // (assigned before any notification can arrive: they come in later tasks than this synchronous start)
    let proc: ExecProcess | undefined;
    const off = session.onNotification((n) => {
      if (n.method !== "command/exec/outputDelta" || n.params.processId !== processId || !proc) return;
      (n.params.stream === "stderr" ? proc.err : proc.out).push(fromBase64(n.params.deltaBase64));
    });
    const onAbort = () => void proc?.kill().catch(() => {});
    const detach = () => {
      off();
      signal?.removeEventListener("abort", onAbort);
    };
    const run = session.request("command/exec", {
      ...params,
      processId,
      tty,
      streamStdin: stdinOpen,
      streamStdoutStderr: true,
      ...(options.size ? { size: { rows: options.size.rows, cols: options.size.cols } } : {}),
    });
    proc = new ExecProcess(session, processId, [...argv], tty, stdinOpen, run, detach);
    signal?.addEventListener("abort", onAbort, { once: true });
    return proc;
  }

  /** Its standard output as it arrives (with `tty`, standard error too). Ends when the process exits. */
  get stdout(): AsyncIterable<Uint8Array> {
    return reader(this.out);
  }

  /** Its standard error as it arrives (empty with `tty`: a terminal has one output). Ends when it exits. */
  get stderr(): AsyncIterable<Uint8Array> {
    return reader(this.err);
  }

  /** Whether the process has exited (or failed to start). */
  get hasExited(): boolean {
    return this.exited;
  }

  /**
   * Writes to its stdin (`command/exec/write`); a string is written as UTF-8. Rejects with
   * `InvalidInputError` when the process was spawned with `stdin: false`.
   */
  async write(data: string | Uint8Array): Promise<void> {
    checkData(data, "data");
    this.checkStdin();
    await this.session.request("command/exec/write", {
      processId: this.processId,
      deltaBase64: toBase64(bytesOf(data)),
    });
  }

  /** Closes its stdin (end of input), after writing `data` if given. */
  async closeStdin(data?: string | Uint8Array): Promise<void> {
    if (data !== undefined) checkData(data, "data");
    this.checkStdin();
    await this.session.request("command/exec/write", {
      processId: this.processId,
      ...(data === undefined ? {} : { deltaBase64: toBase64(bytesOf(data)) }),
      closeStdin: true,
    });
  }

  /** Resizes its terminal (`command/exec/resize`); only with `tty: true`. */
  async resize(size: TerminalSize): Promise<void> {
    if (!this.tty) throw new InvalidInputError("resize needs a process spawned with tty: true");
    checkSize(size);
    await this.session.request("command/exec/resize", {
      processId: this.processId,
      size: { rows: size.rows, cols: size.cols },
    });
  }

  /**
   * Terminates it (`command/exec/terminate`) and resolves with how it ended. Harmless when it has exited
   * already.
   */
  async kill(): Promise<ExecExit> {
    if (!this.exited && !this.session.closed) {
      await this.session.request("command/exec/terminate", { processId: this.processId }).catch((error) => {
        // it exited between the check and the request
        if (!(error instanceof InvalidRequestError && codexSays(error.rpcMessage, "noActiveExec")))
          throw error;
      });
    }
    return this.exit;
  }

  /** Resolves with its exit code once it has exited; rejects if it could not be started or the connection closed. */
  wait(): Promise<ExecExit> {
    return this.exit;
  }

  /** Kills it if it still runs and waits for it, for `await using`. Never rejects. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.kill().catch(() => {});
  }

  private checkStdin(): void {
    if (!this.stdinOpen) throw new InvalidInputError("this process was spawned with stdin: false");
  }
}

/** Checks `codex.spawn`'s arguments; returns the `command/exec` params they make (before the streaming fields). */
function checkSpawn(argv: readonly string[], options: ExecSpawnOptions): ClientParams<"command/exec"> {
  checkArgv(argv);
  const params = execParams([...argv], options, "spawn options", ["tty", "size", "stdin"]);
  checkBooleans(options, ["tty", "stdin"]);
  if (options.size !== undefined) {
    if (!options.tty) throw new InvalidInputError("size needs tty: true");
    checkSize(options.size);
  }
  if (options.tty && options.stdin === false)
    throw new InvalidInputError("a tty always has stdin; drop stdin: false");
  return params;
}

/**
 * One reader of an output queue at a time; leaving a loop does not end the stream, so a later loop goes on
 * where the last one stopped.
 */
function reader(queue: AsyncQueue<Uint8Array>): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => queue.next(),
      return: async () => ({ value: undefined, done: true }),
    }),
  };
}

function checkSize(size: unknown): asserts size is TerminalSize {
  const ok =
    isPlainObject(size) &&
    [size.rows, size.cols].every(
      (n) => typeof n === "number" && Number.isSafeInteger(n) && n > 0 && n < 65536,
    );
  if (!ok)
    throw new InvalidInputError(
      `size must be { rows, cols } of positive integers, got ${describeValue(size)}`,
    );
}

/** @internal `codex.spawn`: checks everything, then starts the process. */
export async function spawnProcess(
  source: SessionSource,
  argv: readonly string[],
  options: ExecSpawnOptions,
): Promise<ExecProcess> {
  checkSpawn(argv, options);
  return ExecProcess.start(await source(), [...argv], options);
}
