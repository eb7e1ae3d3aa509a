import type { Session } from "../session/session.js";
import type { ToolRegistry } from "../tools/tool-registry.js";
import type { ThreadLease } from "./thread-host.js";

/** Moves a thread to another client when this one's app-server died (set by a pool). */
export type Rehome = (
  threadId: string,
  options: { turn: boolean; carry?: Carry | undefined },
) => Promise<ThreadLease>;

/** Copies what a thread needs (its handlers and tools) onto the session it moves to. */
export type Carry = (to: Session) => void;

/** What `threadId` has bound on `from` (or the thread's own `tools`), to bind on the session it moves to. */
export function carryFrom(
  from: Session | undefined,
  threadId: string,
  own: ToolRegistry | undefined,
): Carry | undefined {
  const handlers = from?.scopes.threads.get(threadId);
  const tools = own ?? from?.tools.boundTo(threadId);
  if (!handlers && !tools) return undefined;
  return (to) => {
    if (handlers) to.scopes.threads.set(threadId, handlers);
    if (tools) to.tools.bind(threadId, tools);
  };
}
