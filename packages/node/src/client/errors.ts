/**
 * The errors `@codexkit/node` adds to core's (`CodexError` and its subclasses in `@codexkit/core`), in one
 * module: each extends a core class, carries a stable `code` ({@link NodeErrorCode}) and its own
 * `Symbol.for` marker, so `TurnFailedError.isInstance(error)` recognises one from another installed copy.
 *
 * @module
 */
import {
  AbortError,
  CodexError,
  InvalidRequestError,
  TransportClosedError,
  type TurnError,
  type TurnResult,
} from "@codexkit/core";

/**
 * The codes of the errors `@codexkit/node` adds to core's `CoreErrorCode`s (the `code` of every error here):
 * - `process_exited`: {@link ProcessExitedError};
 * - `startup_failed`: {@link StartupError};
 * - `binary_not_found`: {@link CodexBinaryNotFoundError};
 * - `not_logged_in`: {@link NotLoggedInError};
 * - `thread_not_stored`: {@link ThreadNotStoredError};
 * - `turn_failed`: {@link TurnFailedError};
 * - `invalid_output`: {@link OutputValidationError};
 * - `invalid_state`: a call that does not fit the object's state (`run()` while `stream()` is being read).
 */
export type NodeErrorCode =
  | "process_exited"
  | "startup_failed"
  | "binary_not_found"
  | "not_logged_in"
  | "thread_not_stored"
  | "turn_failed"
  | "invalid_output"
  | "invalid_state";

/**
 * A signal name such as `"SIGTERM"`. Declared here, not as `NodeJS.Signals`, so the published types do not
 * need `@types/node`; every `NodeJS.Signals` value is one.
 */
export type SignalName = `SIG${string}`;

/** The app-server process exited (or was killed); pending calls fail with this. */
export class ProcessExitedError extends TransportClosedError {
  static override readonly marker: string = "codexkit.error.ProcessExitedError";
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
  static override readonly marker: string = "codexkit.error.StartupError";
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

/** No codex binary could be found; `tried` lists every place looked at. */
export class CodexBinaryNotFoundError extends CodexError {
  static override readonly marker: string = "codexkit.error.CodexBinaryNotFoundError";
  /** Every place looked at, in order. */
  readonly tried: string[];
  constructor(tried: string[]) {
    super(
      `Could not find the codex binary. Tried:\n  - ${tried.join("\n  - ")}\n` +
        "Install @openai/codex, pass { codexPath }, or set CODEX_PATH.",
      { code: "binary_not_found" },
    );
    this.tried = tried;
  }
}

/**
 * The turn's model provider needs an OpenAI account and none is logged in. Without this check the turn
 * would not fail: codex retries ("Reconnecting… waiting for network") without end.
 */
export class NotLoggedInError extends CodexError {
  static override readonly marker: string = "codexkit.error.NotLoggedInError";
  /** The model provider that needs the login. */
  readonly modelProvider: string;

  constructor(modelProvider: string) {
    super(
      `The model provider "${modelProvider}" needs an OpenAI login, and codex has none (account/read: no account). ` +
        "Log in first: await codex.loginApiKey(apiKey) (or loginChatgpt()), or run `codex login` with the same CODEX_HOME.",
      { code: "not_logged_in" },
    );
    this.modelProvider = modelProvider;
  }
}

/**
 * `threadResume` or `threadFork` was refused because codex has no stored rollout of the thread. That is the
 * case for every **ephemeral** thread (`threadStart({ ephemeral: true })`, or the `"throughput"` preset):
 * codex refuses to resume or fork it even while it is still loaded, and it is gone once the app-server
 * unloads it or restarts. It is also the answer for a thread with no turn yet (the rollout is written with
 * the first turn) and for an id this `CODEX_HOME` does not know. codex answers all three alike
 * (`-32600 "no rollout found for thread id …"`, kept in {@link JsonRpcError.rpcMessage}), so the error
 * cannot say which; keep the {@link Thread} object of an ephemeral thread to go on using it.
 */
export class ThreadNotStoredError extends InvalidRequestError {
  static override readonly marker: string = "codexkit.error.ThreadNotStoredError";
  /** The thread that was asked for. */
  readonly threadId: string;

  constructor(threadId: string, refusal: InvalidRequestError) {
    super(refusal.rpcCode, refusal.rpcMessage, {
      data: refusal.data,
      ...(refusal.method === undefined ? {} : { method: refusal.method }),
      code: "thread_not_stored",
      cause: refusal,
    });
    this.threadId = threadId;
    this.message =
      `${refusal.method ?? "thread/resume"} refused: codex has no stored rollout of thread ${threadId} ` +
      "(an ephemeral thread is never written to disk, so it cannot be resumed or forked; a thread with no " +
      `turn yet has no rollout either; or the id is unknown in this CODEX_HOME). Server: ${refusal.rpcMessage}`;
  }
}

/** The final response did not parse as JSON or did not validate against the schema. */
export class OutputValidationError extends CodexError {
  static override readonly marker: string = "codexkit.error.OutputValidationError";
  /** The completed turn's result (items, usage, …) without `output`; set when thrown by `run()`. */
  result: TurnResult | undefined;

  constructor(
    message: string,
    /** The final response as the model sent it. */
    readonly finalResponse: string,
  ) {
    super(message, { code: "invalid_output" });
  }
}

/** The turn was stopped through its `AbortSignal`; `result` holds what it did before it stopped. */
export class TurnAbortedError extends AbortError {
  static override readonly marker: string = "codexkit.error.TurnAbortedError";
  constructor(
    /** What the turn did before it stopped (usually `status: "interrupted"`). */
    readonly result: TurnResult,
    reason: unknown,
  ) {
    super(`turn ${result.id} was aborted`, { cause: reason });
  }
}

/**
 * The turn ended `failed` (a model outage, an exhausted retry budget, a context window overflow, …):
 * `run()` rejects with this, as the Python SDK and `@openai/codex-sdk` raise. `result` is the whole
 * {@link TurnResult} (items completed before the failure, usage, retries); `turnError` is the server's
 * error with its `codexErrorInfo`. An `interrupted` turn still resolves.
 *
 * @example
 * ```ts
 * try {
 *   const result = await thread.run("Summarise the diff");
 * } catch (error) {
 *   if (error instanceof TurnFailedError) console.error(error.turnError?.codexErrorInfo, error.result.items);
 *   else throw error;
 * }
 * ```
 */
export class TurnFailedError extends CodexError {
  static override readonly marker: string = "codexkit.error.TurnFailedError";
  /** The server's error (`turn.error`), with `codexErrorInfo`; null when it gave none. */
  readonly turnError: TurnError | null;

  constructor(
    /** Everything the turn did, `status: "failed"`. */
    readonly result: TurnResult,
  ) {
    super(`turn ${result.id} failed: ${result.error?.message ?? "the server gave no reason"}`, {
      code: "turn_failed",
    });
    this.turnError = result.error;
  }
}
