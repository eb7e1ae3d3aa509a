import type { Notification } from "@codexkit/core";

/**
 * The event a turn's stream yields after the client reconnected (`CodexOptions.reconnect`) while the turn
 * was running. Events the server sent during the gap were not received; the items that completed in it
 * were recovered from `thread/read` and follow this event as ordinary `item/completed` events (and the
 * `turn/completed`, if the turn ended during the gap). Streaming deltas sent during the gap are lost.
 * `run()` ignores this event: its {@link TurnResult} is the same as without the drop.
 */
export interface TurnReconnectedEvent {
  /** Always `"codexkit/reconnected"`: a client-side event, never sent by the server. */
  method: "codexkit/reconnected";
  /** What happened. */
  params: {
    /** The thread of the turn. */
    threadId: string;
    /** The running turn that survived the drop. */
    turnId: string;
    /** Which reconnect attempt succeeded (1 = the first). */
    attempt: number;
    /** When the connection dropped (ms since the epoch). */
    disconnectedAtMs: number;
    /** When the client was connected and re-subscribed again (ms since the epoch). */
    reconnectedAtMs: number;
    /** How many completed items of this turn were recovered from `thread/read` (they follow this event). */
    recoveredItems: number;
    /** The close code of the dropped connection, when the medium had one (WebSocket: 1006 for a cut). */
    closeCode?: number;
  };
}

/** True for the client-side {@link TurnReconnectedEvent} (as opposed to a server notification). */
export function isTurnReconnectedEvent(event: { method: string }): event is TurnReconnectedEvent {
  return event.method === "codexkit/reconnected";
}

/**
 * What a turn's stream yields: the server's notifications for the turn, plus, with
 * `CodexOptions.reconnect`, a {@link TurnReconnectedEvent} after each drop the turn survived.
 */
export type TurnStreamEvent = Notification | TurnReconnectedEvent;
