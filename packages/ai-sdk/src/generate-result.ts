import type {
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
} from "@ai-sdk/provider";
import { UNKNOWN_USAGE } from "./usage.js";

/**
 * Collects a `doStream` result into a `doGenerate` result, so both share one path through the turn. An `error`
 * part (a failed turn) rejects.
 */
export async function collectGenerateResult(
  streamResult: LanguageModelV3StreamResult,
): Promise<LanguageModelV3GenerateResult> {
  const content: LanguageModelV3Content[] = [];
  const open = new Map<string, Extract<LanguageModelV3Content, { type: "text" | "reasoning" }>>();
  const result: LanguageModelV3GenerateResult = {
    content,
    finishReason: { unified: "other", raw: undefined },
    usage: UNKNOWN_USAGE,
    warnings: [],
    ...(streamResult.request ? { request: streamResult.request } : {}),
  };
  const reader = streamResult.stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const part: LanguageModelV3StreamPart = value;
    switch (part.type) {
      case "stream-start":
        result.warnings = part.warnings;
        break;
      case "response-metadata": {
        const { type: _, ...metadata } = part;
        result.response = metadata;
        break;
      }
      case "text-start":
      case "reasoning-start": {
        const kind = part.type === "text-start" ? "text" : "reasoning";
        const entry = {
          type: kind,
          text: "",
          ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}),
        } as const;
        open.set(`${kind}:${part.id}`, entry);
        content.push(entry);
        break;
      }
      case "text-delta":
      case "reasoning-delta": {
        const entry = open.get(`${part.type === "text-delta" ? "text" : "reasoning"}:${part.id}`);
        if (entry) entry.text += part.delta;
        break;
      }
      case "text-end":
      case "reasoning-end":
        open.delete(`${part.type === "text-end" ? "text" : "reasoning"}:${part.id}`);
        break;
      case "tool-call":
      case "tool-result":
      case "file":
      case "source":
      case "tool-approval-request":
        content.push(part);
        break;
      case "finish":
        result.finishReason = part.finishReason;
        result.usage = part.usage;
        if (part.providerMetadata) result.providerMetadata = part.providerMetadata;
        break;
      case "error":
        reader.releaseLock();
        throw part.error;
      default:
        break;
    }
  }
  return result;
}
