import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamResult,
} from "@ai-sdk/provider";
import type { PumpOutcome } from "./active-turn.js";
import { callWarnings } from "./call-warnings.js";
import { collectGenerateResult } from "./generate-result.js";
import { type ModelCallStream, streamModelCall } from "./model-call.js";
import type { ProviderRuntime } from "./provider-runtime.js";
import type { CodexModelSettings } from "./provider-settings.js";
import { supportedUrls } from "./supported-urls.js";

/**
 * A Codex model as an AI SDK `LanguageModelV3` (`ai@6`; `ai@7` adapts it): every call runs (or continues) a
 * Codex turn on a thread of the provider's `codex app-server`. Create it with a provider:
 * `createCodexProvider(...)("gpt-5.5")`. For `ai@7`, `@codexkit/ai-sdk/v7` has the `LanguageModelV4` model.
 */
export class CodexLanguageModel implements LanguageModelV3 {
  /** The AI SDK specification this model implements. */
  readonly specificationVersion = "v3";
  /** The provider id (`codex`), the key of `providerOptions` and `providerMetadata`. */
  readonly provider = "codex";
  /** Image URLs Codex takes as they are (others are downloaded by the AI SDK and sent inline). */
  readonly supportedUrls: Record<string, RegExp[]> = supportedUrls();

  /** @internal */
  constructor(
    /** The Codex model id, e.g. `gpt-5.5`. */
    readonly modelId: string,
    private readonly settings: CodexModelSettings,
    private readonly runtime: ProviderRuntime,
  ) {}

  /** Runs (or continues) a Codex turn and returns its answer at once. A failed turn rejects. */
  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { lastText: _, ...result } = await collectGenerateResult(await this.call(options), {
      unified: "other",
      raw: undefined,
    });
    return result;
  }

  /** Runs (or continues) a Codex turn and streams its parts. A failed turn ends with an `error` part. */
  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    return this.call(options);
  }

  private call(options: LanguageModelV3CallOptions): Promise<ModelCallStream<LanguageModelV3FinishReason>> {
    const model = { modelId: this.modelId, settings: this.settings, runtime: this.runtime };
    return streamModelCall(model, { options, warnings: callWarnings(options), finishReasonOf });
  }
}

function finishReasonOf(outcome: PumpOutcome): LanguageModelV3FinishReason {
  if (outcome.kind === "tool-calls") return { unified: "tool-calls", raw: "tool-calls" };
  if (outcome.kind === "aborted") return { unified: "other", raw: "aborted" };
  switch (outcome.status) {
    case "completed":
      return { unified: "stop", raw: "completed" };
    case "failed":
      return { unified: "error", raw: "failed" };
    default:
      return { unified: "other", raw: outcome.status };
  }
}
