import type {
  LanguageModelV3ResponseMetadata,
  LanguageModelV3Usage,
  SharedV3Headers,
  SharedV3ProviderMetadata,
} from "@ai-sdk/provider";
import type { ModelCallStream } from "./model-call.js";
import type { CodexContent, Warning } from "./spec-types.js";
import { UNKNOWN_USAGE } from "./usage.js";

/** A `doGenerate` result (the fields both specifications share), and the text of the call's last agent message. */
export interface CollectedResult<Reason> {
  /** Text, reasoning and tool parts, in order. */
  content: CodexContent[];
  /** The finish reason, in the specification's shape. */
  finishReason: Reason;
  /** The call's token usage. */
  usage: LanguageModelV3Usage;
  /** The call's warnings. */
  warnings: Warning[];
  /** `codex: { threadId, turnId }`. */
  providerMetadata?: SharedV3ProviderMetadata;
  /** The Codex thread and turn. */
  request: ModelCallStream<Reason>["request"];
  /** The turn id, model id and time. */
  response?: LanguageModelV3ResponseMetadata & { headers?: SharedV3Headers };
  /** The text of the last agent message (Codex's final answer when the call completed the turn), if any. */
  lastText: string | undefined;
}

/**
 * Collects a `doStream` result into a `doGenerate` result, so both share one path through the turn. An `error`
 * part (a failed turn) rejects.
 */
export async function collectGenerateResult<Reason>(
  streamResult: ModelCallStream<Reason>,
  initialReason: Reason,
): Promise<CollectedResult<Reason>> {
  const content: CodexContent[] = [];
  const open = new Map<string, Extract<CodexContent, { type: "text" | "reasoning" }>>();
  let lastText: Extract<CodexContent, { type: "text" }> | undefined;
  const result: CollectedResult<Reason> = {
    content,
    finishReason: initialReason,
    usage: UNKNOWN_USAGE,
    warnings: [],
    request: streamResult.request,
    lastText: undefined,
  };
  const reader = streamResult.stream.getReader();
  for (;;) {
    const { done, value: part } = await reader.read();
    if (done) break;
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
        const entry: Extract<CodexContent, { type: "text" | "reasoning" }> = {
          type: kind,
          text: "",
          ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}),
        };
        open.set(`${kind}:${part.id}`, entry);
        content.push(entry);
        if (entry.type === "text") lastText = entry;
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
  result.lastText = lastText?.text;
  return result;
}
