import { AbortError, CodexError, type TurnError, type TurnResult } from "@codexkit/core";

/** The turn was stopped through its `AbortSignal`; `result` holds what it did before it stopped. */
export class TurnAbortedError extends AbortError {
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
