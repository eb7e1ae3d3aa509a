/**
 * How a {@link HeldReply} (its shape is in model-reply.ts) is held: a scripted reply the model keeps back
 * until the test releases it, so a test can observe an intermediate state (a turn still running, a
 * command's output already sent back) for as long as it needs instead of racing it.
 *
 * @module
 */

import type { HeldReply, ModelReply } from "./model-reply.js";
import type { RecordedRequest } from "./recorded-request.js";

interface HoldState {
  arrive(request: RecordedRequest): void;
  readonly releasedSignal: Promise<void>;
}

const states = new WeakMap<HeldReply, HoldState>();

/** Creates a {@link HeldReply} around `reply` (what `Reply.hold` returns). */
export function createHeldReply(reply: ModelReply): HeldReply {
  let arrive: (request: RecordedRequest) => void = () => {};
  const arrived = new Promise<RecordedRequest>((resolve) => {
    arrive = resolve;
  });
  let release: () => void = () => {};
  const releasedSignal = new Promise<void>((resolve) => {
    release = resolve;
  });
  let released = false;
  const held: HeldReply = {
    kind: "held",
    reply,
    arrived,
    get released() {
      return released;
    },
    release() {
      released = true;
      release();
    },
  };
  states.set(held, { arrive, releasedSignal });
  return held;
}

/**
 * Marks `held` as arrived with `request` and waits until it is released (true) or `signal` aborts
 * (false: the request is gone and must not be answered).
 */
export async function waitForRelease(
  held: HeldReply,
  request: RecordedRequest,
  signal: AbortSignal,
): Promise<boolean> {
  const state = states.get(held);
  if (state === undefined) throw new Error("a held reply must be built with Reply.hold(...)");
  state.arrive(request);
  if (held.released) return !signal.aborted;
  if (signal.aborted) return false;
  let onAbort: () => void = () => {};
  const aborted = new Promise<false>((resolve) => {
    onAbort = () => resolve(false);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([state.releasedSignal.then(() => true), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
