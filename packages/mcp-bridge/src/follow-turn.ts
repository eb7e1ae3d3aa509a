import { CodexError, type Notification, type TurnHandle, type TurnResult } from "@codexkit/node";

/** How following a turn ended. */
export interface FollowedTurn {
  /** The SDK's result of the turn; `undefined` when it was abandoned. */
  result: TurnResult | undefined;
  /** The turn did not confirm an interrupt within the grace period; we stopped waiting for it. */
  abandoned: boolean;
}

/**
 * Streams a turn to its end, passing each notification to `observe`, and returns the SDK's
 * {@link TurnResult} (`TurnHandle.run()`, which then returns at once). Aborting the turn is the handle's own
 * business (the `signal` given to `thread.turn()`); `signal` here only arms the grace period: if the turn
 * has not ended `graceMs` after it aborted, following stops with `abandoned: true`, so a call never hangs.
 * A turn that ended interrupted or failed still yields its result (the SDK's error carries it).
 */
export async function followTurn(
  handle: Pick<TurnHandle, "stream" | "run">,
  options: {
    observe?: ((notification: Notification) => void) | undefined;
    signal: AbortSignal;
    graceMs: number;
  },
): Promise<FollowedTurn> {
  const { observe, signal, graceMs } = options;
  const consume = (async (): Promise<FollowedTurn> => {
    for await (const notification of handle.stream()) observe?.(notification);
    return { result: await settledResult(handle.run()), abandoned: false };
  })();
  let giveUp: NodeJS.Timeout | undefined;
  let arm: (() => void) | undefined;
  const abandoned = new Promise<FollowedTurn>((resolve) => {
    arm = () => {
      giveUp = setTimeout(() => resolve({ result: undefined, abandoned: true }), graceMs);
    };
    if (signal.aborted) arm();
    else signal.addEventListener("abort", arm, { once: true });
  });
  try {
    const outcome = await Promise.race([consume, abandoned]);
    if (outcome.abandoned) consume.catch(() => {});
    return outcome;
  } finally {
    clearTimeout(giveUp);
    if (arm) signal.removeEventListener("abort", arm);
  }
}

/** The turn's result, also when `run()` rejected with an SDK error that carries it (aborted, failed, bad output). */
async function settledResult(run: Promise<TurnResult>): Promise<TurnResult> {
  try {
    return await run;
  } catch (error) {
    const result = error instanceof CodexError ? (error as { result?: unknown }).result : undefined;
    if (isTurnResult(result)) return result;
    throw error;
  }
}

function isTurnResult(value: unknown): value is TurnResult {
  return typeof value === "object" && value !== null && "status" in value && "items" in value;
}
