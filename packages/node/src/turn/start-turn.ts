import { AbortError, type JsonValue, normalizeInput, type RunInput } from "@codexkit/core";
import { turnApprovalFields } from "@codexkit/core/internal";
import { pickHandlers } from "../approvals/approvals.js";
import { checkJsonObject } from "../internal/validation.js";
import type { Session } from "../session/session.js";
import { type OutputOf, type OutputSchema, resolveOutputSchema } from "./output-schema.js";
import { TurnHandle } from "./turn-handle.js";
import { checkTurnOptions, type TurnOptions } from "./turn-options.js";

/** @internal Sends a checked turn's `turn/start` on `session` once the thread is free; `release` frees it again. */
export type TurnStart<T> = (
  session: Session,
  threadId: string,
  release: () => void,
) => Promise<TurnHandle<T>>;

/**
 * @internal Checks a turn's input and options (throwing before anything is sent) and returns what starts it:
 * `turn/start`, the turn's queue and handlers, and `release` once the turn has completed.
 */
export function prepareTurn<S extends OutputSchema | undefined>(
  current: Session,
  input: RunInput,
  options: TurnOptions<S>,
): TurnStart<OutputOf<S>> {
  checkTurnOptions(options);
  current.checkDirectory(options.cwd, "cwd");
  const wire = normalizeInput(input);
  const approval = turnApprovalFields(options.approvalMode, options.sandboxPolicy);
  const schema = resolveOutputSchema(options.outputSchema);
  if (schema) checkJsonObject(schema.jsonSchema, "outputSchema");
  const { signal } = options;
  throwIfAbortedBeforeStart(signal);
  return async (session, threadId, release) => {
    throwIfAbortedBeforeStart(signal);
    const params = {
      threadId,
      input: wire,
      ...approval,
      ...pick(options, [
        "cwd",
        "effort",
        "model",
        "personality",
        "serviceTier",
        "summary",
        "collaborationMode",
      ]),
      ...(schema ? { outputSchema: schema.jsonSchema as JsonValue } : {}),
    };
    const { turn } = await session.telemetry.turn(threadId, params, () =>
      session.request("turn/start", params),
    );
    const queue = session.router.openTurn(turn.id);
    const handlers = pickHandlers(options);
    // The turn's record holds its handlers until it completes (that cleanup drops them).
    if (handlers) session.turns.setHandlers(turn.id, handlers);
    void session.whenTurnCompleted(turn.id).then(release);
    return new TurnHandle<OutputOf<S>>(session, threadId, turn.id, queue, schema?.parse, signal, () => {});
  };
}

/** @internal Throws {@link AbortError} when `signal` was aborted before the turn was started. */
export function throwIfAbortedBeforeStart(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError("turn aborted before it was started", { cause: signal.reason });
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
