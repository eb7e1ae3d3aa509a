import type { RequestHandlers } from "./approvals.js";

/** Where handlers are looked up: a turn's, then its thread's, then the client's. */
export interface HandlerScopes {
  /** Handlers of one turn (`TurnOptions`), by turn id. */
  turns: Map<string, RequestHandlers>;
  /** Handlers of one thread, by thread id. */
  threads: Map<string, RequestHandlers>;
  /** The client's handlers (`CodexOptions`). */
  client: RequestHandlers;
}

/** The handlers that apply to a server request of `threadId` (and `turnId`), most specific first. */
export function handlersFor(
  scopes: HandlerScopes,
  threadId: string,
  turnId: string | null,
): RequestHandlers[] {
  const specific = [turnId === null ? undefined : scopes.turns.get(turnId), scopes.threads.get(threadId)];
  return [...specific, scopes.client].filter((h): h is RequestHandlers => h !== undefined);
}
