import { CodexError, type TurnError } from "@codexkit/node";

/**
 * A Codex turn the provider ran ended `failed` (the model request failed, the context window overflowed, …).
 * `generateText` rejects with it and `streamText` emits it as an `error` part, instead of an empty answer.
 */
export class CodexTurnFailedError extends CodexError {
  constructor(
    /** The thread the turn ran on. */
    readonly threadId: string,
    /** The failed turn. */
    readonly turnId: string,
    /** What the server said about the failure, when it did. */
    readonly turnError: TurnError | null,
  ) {
    super(`Codex turn ${turnId} failed: ${turnError?.message ?? "no reason given"}`, { code: "turn_failed" });
  }
}
