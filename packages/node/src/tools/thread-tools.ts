import { InvalidInputError } from "@codexkit/core";
import { checkTimeout } from "./tool.js";
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
  checkTimeout(options.toolTimeoutMs, "toolTimeoutMs");
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
