import {
  AbstractTransport,
  type CodexError,
  JsonlTransport,
  type JsonRpcMessage,
  type TransportClose,
  TransportClosedError,
  UnsupportedServerError,
} from "@codexkit/core";
import { ProcessExitedError, StartupError } from "../../client/errors.js";
import { delay } from "../../internal/async.js";
import { AppServerProcess, type CloseTimeouts, type SpawnOptions } from "./app-server-process.js";

/** Options of {@link ProcessTransport}: how to spawn, and how to stop. */
export interface ProcessTransportOptions extends SpawnOptions {
  /** Staged shutdown timeouts of `close()`. Default 2000 ms each. */
  closeTimeouts?: CloseTimeouts | undefined;
}

/** How long start-up waits for the exit of a server whose stdin broke (see explainStartupFailure). */
const EXIT_AFTER_BROKEN_PIPE_WAIT_MS = 5000;

/**
 * A local process speaking JSONL on its stdio — `codex app-server` itself, or any command that ends in
 * one (`docker exec -i box codex app-server`, `ssh host codex app-server`). Spawns on `start`, closes in
 * stages (end stdin, SIGTERM, SIGKILL) and describes its own close: exit code or signal, stderr tail.
 */
export class ProcessTransport extends AbstractTransport {
  /** The process serves only this client. */
  readonly exclusive = true;
  private child: AppServerProcess | undefined;
  private jsonl: JsonlTransport | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: ProcessTransportOptions) {
    super();
  }

  /** `<command> (pid N)`, or just the command before it started. */
  get endpoint(): string {
    const pid = this.child?.pid;
    return pid === undefined ? this.options.binary.command : `${this.options.binary.command} (pid ${pid})`;
  }

  /** The process, once started. */
  get process(): AppServerProcess | undefined {
    return this.child;
  }

  /** The process's pid, once started (undefined when spawning failed). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the process. Idempotent. A spawn failure (e.g. ENOENT) arrives as the close. */
  start(): Promise<void> {
    if (this.child || this.closed) return Promise.resolve();
    const child = new AppServerProcess(this.options);
    const jsonl = new JsonlTransport(child.stream, { endpoint: this.options.binary.command });
    this.child = child;
    this.jsonl = jsonl;
    jsonl.onMessage((message) => this.deliver(message));
    jsonl.onError((error) => this.report(error));
    jsonl.onClose((close) => this.finish(close));
    return Promise.resolve();
  }

  /** Writes the message as one line to stdin. */
  async send(message: JsonRpcMessage): Promise<void> {
    if (!this.jsonl) await this.start();
    if (!this.jsonl) throw new TransportClosedError(`${this.endpoint} is closed`);
    await this.jsonl.send(message);
  }

  /** Ends stdin, then SIGTERM, then SIGKILL, each after its timeout. Idempotent; resolves once it exited. */
  close(timeouts: CloseTimeouts | undefined = this.options.closeTimeouts): Promise<void> {
    this.closing ??= (async () => {
      await this.jsonl?.close();
      this.finish({ byClient: true });
      await this.child?.close(timeouts);
    })();
    return this.closing;
  }

  /** Exit code or signal with the stderr tail; a spawn failure as a {@link StartupError}. */
  describeClose(close: TransportClose): Promise<CodexError> {
    if (!this.child) return Promise.resolve(new TransportClosedError("codex app-server was never started"));
    return this.child.describeClose(close.error);
  }

  /**
   * Explains why start-up failed, in terms of the process: the exit code and stderr tail rather than the
   * broken pipe it caused, a spawn failure as such. Stops the process (briefly) first, so the tail is whole.
   * @internal
   */
  async explainStartupFailure(error: unknown, timedOut: boolean): Promise<CodexError> {
    const child = this.child;
    if (!child) return error as CodexError;
    // A server that dies at once can fail the initialize write (EPIPE) before its exit is seen: wait for the
    // exit, so the error names the exit code or signal rather than the broken pipe. A broken pipe means the
    // server closed its stdin, so the exit follows; the bound only covers one that closed it and lives on.
    const exit =
      error instanceof TransportClosedError &&
      !(error instanceof ProcessExitedError) &&
      child.pid !== undefined
        ? await Promise.race([child.waitForExit(), delay(EXIT_AFTER_BROKEN_PIPE_WAIT_MS)])
        : undefined;
    await this.close({ graceMs: 200, termMs: 500 });
    // The tail is taken once the process is gone and its stderr read to the end, so it holds all it wrote.
    const stderrTail = await child.finalStderrTail();
    if (timedOut) return new StartupError((error as Error).message, { stderrTail });
    if (error instanceof StartupError || error instanceof UnsupportedServerError) return error;
    // Spawning failed (e.g. a script whose interpreter is missing): say so, not the EPIPE it caused.
    if (child.pid === undefined) {
      const failure = await child.describeClose();
      if (failure instanceof StartupError) return failure;
    }
    const cause = exit ? new ProcessExitedError(exit.code, exit.signal, stderrTail) : (error as CodexError);
    return new StartupError(
      `codex app-server (${child.binaryDescription.command}) failed during start-up: ${cause.message.split("\n")[0]}`,
      { stderrTail, cause },
    );
  }
}
