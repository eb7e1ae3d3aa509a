import { InvalidRequestError } from "@codexkit/core";

/** How codex 0.171 words the refusal of `thread/resume` / `thread/fork` for a thread it has no rollout of. */
const NO_ROLLOUT = /^no rollout found for thread id/i;

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

/** A `.catch` handler for `thread/resume|fork`: turns codex's "no rollout found" refusal into {@link ThreadNotStoredError}. */
export function rethrowNotStored(threadId: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof InvalidRequestError && NO_ROLLOUT.test(error.rpcMessage))
      throw new ThreadNotStoredError(threadId, error);
    throw error;
  };
}
