import type { JsonRpcMessage } from "@codexkit/core";

/** The drop a reconnect recovers from. */
export interface ReconnectGap {
  /** Which reconnect attempt this is (1 = the first). */
  attempt: number;
  /** When the connection dropped (ms since the epoch). */
  disconnectedAtMs: number;
  /** The close code of the dropped connection, when the medium had one. */
  closeCode?: number;
}

/**
 * False once the connection a recovery runs on is gone (a later drop, a timed-out attempt, the close):
 * the recovery must then deliver nothing, the reconnect after it recovers again.
 */
export type StillCurrent = () => boolean;

/**
 * Whoever owns a `ReconnectingTransport`'s protocol state (the session): the transport only reconnects
 * and holds incoming messages, the owner restores what the new connection needs. It sends its recovery
 * requests through the normal connection: their answers are never held. Internal to @codexkit/node.
 */
export interface ReconnectOwner {
  /**
   * A new connection is open (its transport is starting): restore on it what the client had (`initialize`,
   * subscriptions, what running turns missed). Incoming notifications and server requests are held until
   * the returned promise settles; resolved, they are delivered in order, rejected, the attempt failed and
   * the next one recovers again. Called synchronously when the attempt begins.
   */
  recover(gap: ReconnectGap, current: StillCurrent): Promise<void>;
  /**
   * Asked of each incoming notification before it is delivered: a promise holds it, and everything that
   * arrives after it, until the promise settles (e.g. one more read before a recovered turn's completion).
   * Undefined: delivered at once. A message is asked once.
   */
  holdBefore(message: JsonRpcMessage, current: StillCurrent): Promise<void> | undefined;
}
