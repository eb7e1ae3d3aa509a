import { InvalidInputError } from "@codexkit/core";
import { checkNumber } from "../internal/validation.js";
import type { Session } from "../session/session.js";
import { ToolRegistry } from "./tool-registry.js";
import type { ToolEntry } from "./toolset.js";

/** The tool-related client options. */
interface ClientToolOptions {
  tools?: readonly ToolEntry[];
  toolTimeoutMs?: number;
  experimentalApi?: boolean;
}

/** Checks the client's `tools` and `toolTimeoutMs` (in the constructor, before anything starts). */
export function checkClientTools(options: ClientToolOptions): void {
  checkNumber(options.toolTimeoutMs, "toolTimeoutMs", 0, true);
  if (ToolRegistry.from(options.tools, undefined)) refuseWithoutExperimentalApi(options);
}

/**
 * The tools of a thread being started, resumed or forked: the client's defaults merged with the thread's
 * own, validated. `undefined` when there are none.
 */
export function threadTools(
  client: ClientToolOptions,
  own: readonly ToolEntry[] | undefined,
): ToolRegistry | undefined {
  const registry = ToolRegistry.from(client.tools, own);
  if (registry) refuseWithoutExperimentalApi(client);
  return registry;
}

function refuseWithoutExperimentalApi(options: ClientToolOptions): void {
  if (options.experimentalApi === false) {
    throw new InvalidInputError(
      "tools need the app-server's experimental API (dynamicTools); remove experimentalApi: false from the Codex options",
    );
  }
}

/** The tools each `Thread` object was opened with; held by the object, so they go when it does. */
const threadRegistries = new WeakMap<object, ToolRegistry>();

/**
 * Binds a thread's tools on `session` and remembers them on the `thread` object. The session's binding
 * goes when the server unloads the thread (`thread/closed`); the host binds {@link toolsOfThread} again
 * when it resumes the thread for its next operation.
 */
export function bindThreadTools(
  session: Session,
  thread: { readonly id: string },
  registry: ToolRegistry,
): void {
  session.tools.bind(thread.id, registry);
  threadRegistries.set(thread, registry);
}

/** The tools `thread` was opened with, if any. */
export function toolsOfThread(thread: object): ToolRegistry | undefined {
  return threadRegistries.get(thread);
}
