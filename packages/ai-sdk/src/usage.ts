import type { LanguageModelV3Usage } from "@ai-sdk/provider";
import type { ThreadTokenUsage } from "@codexkit/node";

type Breakdown = ThreadTokenUsage["total"];

/** Token counts of a thread at one point in time, to subtract: what one step (or call) used. */
export type UsageMark = Breakdown;

/** A usage with every count unknown (no `thread/tokenUsage/updated` arrived). */
export const UNKNOWN_USAGE: LanguageModelV3Usage = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};

/** The thread's totals before the model request `usage.last` describes (where a step's counting starts). */
export function markBefore(usage: ThreadTokenUsage): UsageMark {
  const { total, last } = usage;
  return {
    totalTokens: total.totalTokens - last.totalTokens,
    inputTokens: total.inputTokens - last.inputTokens,
    cachedInputTokens: total.cachedInputTokens - last.cachedInputTokens,
    cacheWriteInputTokens: total.cacheWriteInputTokens - last.cacheWriteInputTokens,
    outputTokens: total.outputTokens - last.outputTokens,
    reasoningOutputTokens: total.reasoningOutputTokens - last.reasoningOutputTokens,
  };
}

/**
 * What the thread used between `from` and `to`, in the AI SDK's shape. Codex counts cached input inside
 * `inputTokens` and reasoning inside `outputTokens`, as the AI SDK's totals do.
 */
export function usageBetween(from: UsageMark, to: UsageMark): LanguageModelV3Usage {
  const input = to.inputTokens - from.inputTokens;
  const cached = to.cachedInputTokens - from.cachedInputTokens;
  const cacheWrite = to.cacheWriteInputTokens - from.cacheWriteInputTokens;
  const output = to.outputTokens - from.outputTokens;
  const reasoning = to.reasoningOutputTokens - from.reasoningOutputTokens;
  return {
    inputTokens: { total: input, noCache: input - cached, cacheRead: cached, cacheWrite },
    outputTokens: { total: output, text: output - reasoning, reasoning },
    raw: { ...to },
  };
}
