import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import type { AnyCallOptions, Warning } from "./spec-types.js";

const SAMPLING_SETTINGS = [
  "maxOutputTokens",
  "temperature",
  "topP",
  "topK",
  "presencePenalty",
  "frequencyPenalty",
  "seed",
  "stopSequences",
] as const satisfies readonly (keyof LanguageModelV3CallOptions)[];

/**
 * Warnings for the call settings Codex cannot honour: Codex runs an agent loop with its own sampling, so the
 * AI SDK's sampling settings are reported (`unsupported`) and ignored instead of failing the call.
 */
export function callWarnings(options: AnyCallOptions): Warning[] {
  const warnings: Warning[] = [];
  for (const setting of SAMPLING_SETTINGS) {
    if (options[setting] !== undefined) {
      warnings.push({
        type: "unsupported",
        feature: setting,
        details: "codex app-server chooses the sampling of its agent loop; the setting was ignored",
      });
    }
  }
  // the AI SDK adds its own user-agent header to every call
  const headers = Object.entries(options.headers ?? {}).filter(
    ([name, value]) => value !== undefined && name.toLowerCase() !== "user-agent",
  );
  if (headers.length > 0) {
    warnings.push({
      type: "unsupported",
      feature: "headers",
      details: "Codex makes the model requests itself; HTTP headers were not sent",
    });
  }
  if (options.responseFormat?.type === "json" && options.responseFormat.schema === undefined) {
    warnings.push({
      type: "unsupported",
      feature: "responseFormat without a schema",
      details: "Codex constrains answers with a JSON Schema only; the answer was not constrained",
    });
  }
  const choice = options.toolChoice?.type;
  if (choice !== undefined && choice !== "auto") {
    warnings.push({
      type: "unsupported",
      feature: `toolChoice ${choice}`,
      details: "Codex decides when to call a tool; the tools were offered as with toolChoice auto",
    });
  }
  for (const tool of options.tools ?? []) {
    if (tool.type === "provider") {
      warnings.push({
        type: "unsupported",
        feature: `provider tool ${tool.id}`,
        details: "Codex has its own built-in tools (shell, apply_patch, web search); the tool was left out",
      });
    }
  }
  return warnings;
}
