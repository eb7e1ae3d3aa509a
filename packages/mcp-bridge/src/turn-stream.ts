import type { Notification, ThreadItem, ThreadTokenUsage, Turn, TurnHandle } from "@codexkit/node";
import type { ProgressReporter } from "./progress.js";

/** What the stream of one turn yielded. */
export interface CollectedTurn {
  turnId: string;
  items: ThreadItem[];
  usage: ThreadTokenUsage | null;
  turn: Turn | undefined;
  /** The turn did not confirm an interrupt in time; we stopped waiting. */
  abandoned: boolean;
}

/**
 * Reads a turn's notifications to the end, feeding `progress`, and collects its items, usage and final
 * `Turn`. When `signal` aborts, the turn is interrupted (again once it has started, see below); if it has
 * not confirmed the interrupt `graceMs` later, collection stops with `abandoned: true`: a call never hangs.
 */
export async function collectTurn(
  handle: Pick<TurnHandle, "id" | "stream" | "interrupt">,
  options: { progress?: ProgressReporter | undefined; signal: AbortSignal; graceMs: number },
): Promise<CollectedTurn> {
  const { progress, signal, graceMs } = options;
  const collected: CollectedTurn = {
    turnId: handle.id,
    items: [],
    usage: null,
    turn: undefined,
    abandoned: false,
  };
  // TurnHandle interrupts on abort too, but app-server answers "no active turn to interrupt" until the turn
  // has started (`turn/started` comes after the turn/start result), and TurnHandle drops that error: an
  // abort in that window would be lost. So interrupt again once the turn has started.
  let started = false;
  const interrupt = () => {
    handle.interrupt().catch(() => {
      // not started yet (retried on turn/started) or already over (the stream ends anyway)
    });
  };
  const onAbort = () => {
    if (started) interrupt();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  const consume = (async () => {
    for await (const notification of handle.stream()) {
      record(collected, notification);
      progress?.notification(notification);
      if (notification.method === "turn/started" && notification.params.turn.id === handle.id) {
        started = true;
        if (signal.aborted) interrupt();
      }
    }
  })();
  let giveUp: NodeJS.Timeout | undefined;
  const abandoned = new Promise<"abandoned">((resolve) => {
    const arm = () => {
      giveUp = setTimeout(() => resolve("abandoned"), graceMs);
    };
    if (signal.aborted) arm();
    else signal.addEventListener("abort", arm, { once: true });
  });
  try {
    const outcome = await Promise.race([consume, abandoned]);
    if (outcome === "abandoned") {
      collected.abandoned = true;
      consume.catch(() => {});
    }
  } finally {
    clearTimeout(giveUp);
    signal.removeEventListener("abort", onAbort);
  }
  return collected;
}

function record(collected: CollectedTurn, notification: Notification): void {
  switch (notification.method) {
    case "item/completed":
      if (notification.params.turnId === collected.turnId) collected.items.push(notification.params.item);
      break;
    case "thread/tokenUsage/updated":
      if (notification.params.turnId === collected.turnId) collected.usage = notification.params.tokenUsage;
      break;
    case "turn/completed":
      if (notification.params.turn.id === collected.turnId) collected.turn = notification.params.turn;
      break;
  }
}
