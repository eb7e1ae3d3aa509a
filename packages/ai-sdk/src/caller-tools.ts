import type { LanguageModelV3FunctionTool } from "@ai-sdk/provider";
import type { ProviderRuntime } from "./provider-runtime.js";

/** The signature and names of a call's function tools (to tell when a later call brings different ones). */
export function toolsSignatureOf(tools: readonly LanguageModelV3FunctionTool[]): {
  toolsSignature: string;
  toolNames: ReadonlySet<string>;
} {
  const sorted = [...tools].sort((a, b) => a.name.localeCompare(b.name));
  return {
    toolsSignature: JSON.stringify(
      sorted.map((tool) => [tool.name, tool.description ?? "", tool.inputSchema]),
    ),
    toolNames: new Set(sorted.map((tool) => tool.name)),
  };
}

/** The `tools` of a thread/start (or resume) for the caller's function tools. */
export function callerToolsFor(
  _runtime: ProviderRuntime,
  _tools: readonly LanguageModelV3FunctionTool[],
  _toolResultTimeoutMs: number,
): Record<string, never> {
  return {};
}
