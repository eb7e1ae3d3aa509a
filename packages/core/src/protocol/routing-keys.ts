/**
 * Reads the thread and turn a notification belongs to. Most turn-scoped notifications carry `turnId`;
 * `turn/started` and `turn/completed` carry it as `turn.id`.
 *
 * @module
 */

/** The `(threadId, turnId)` a notification is addressed to; either may be missing. */
export interface RoutingKey {
  /** The thread, when the notification names one. */
  threadId: string | undefined;
  /** The turn, when the notification names one. */
  turnId: string | undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : undefined;
}

/** Extracts the routing key of a notification's params. */
export function routingKeyOf(params: unknown): RoutingKey {
  const threadId = stringField(params, "threadId");
  let turnId = stringField(params, "turnId");
  if (turnId === undefined && typeof params === "object" && params !== null) {
    turnId = stringField((params as Record<string, unknown>).turn, "id");
  }
  return { threadId, turnId };
}
