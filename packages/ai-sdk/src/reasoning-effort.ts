import type { LanguageModelV4CallOptions } from "@ai-sdk/provider-v4";
import type { ReasoningEffort } from "@codexkit/node";
import type { Warning } from "./spec-types.js";

/**
 * The Codex reasoning effort for LanguageModelV4's `reasoning` call option: `provider-default` leaves the
 * thread's effort, `none` … `xhigh` are Codex's own levels, `max` is Codex's highest (`xhigh`, warned).
 */
export function effortOfReasoning(
  reasoning: LanguageModelV4CallOptions["reasoning"],
  warnings: Warning[],
): ReasoningEffort | undefined {
  switch (reasoning) {
    case undefined:
    case "provider-default":
      return undefined;
    case "max":
      warnings.push({
        type: "compatibility",
        feature: "reasoning max",
        details: "Codex's highest reasoning effort is xhigh; the turn runs with xhigh",
      });
      return "xhigh";
    default:
      return reasoning;
  }
}
