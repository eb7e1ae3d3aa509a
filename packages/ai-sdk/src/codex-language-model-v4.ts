import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from "@ai-sdk/provider-v4";
import type { PumpOutcome } from "./active-turn.js";
import { callWarnings } from "./call-warnings.js";
import { collectGenerateResult } from "./generate-result.js";
import { type ModelCallStream, streamModelCall } from "./model-call.js";
import type { ProviderRuntime } from "./provider-runtime.js";
import type { CodexModelSettings } from "./provider-settings.js";
import { effortOfReasoning } from "./reasoning-effort.js";
import { supportedUrls } from "./supported-urls.js";

/**
 * A Codex model as an AI SDK 7 `LanguageModelV4`: every call runs (or continues) a Codex turn on a thread of the
 * provider's `codex app-server`. Create it with a provider from `@codexkit/ai-sdk/v7`:
 * `createCodexProvider(...)("gpt-5.5")`.
 *
 * Beyond what the V3 model does, it maps the `reasoning` call option to the turn's reasoning effort, reports an
 * interrupted turn as `finishReason: "interrupted"`, and gives structured output the turn's final answer
 * (`structuredOutputText`), so commentary Codex wrote before it does not break the parse.
 */
export class CodexLanguageModelV4 implements LanguageModelV4 {
  /** The AI SDK specification this model implements. */
  readonly specificationVersion = "v4";
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

  /**
   * Runs (or continues) a Codex turn and returns its answer at once. A failed turn rejects. With a JSON
   * response format, `structuredOutputText` is the text of the turn's last agent message.
   */
  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { lastText, ...result } = await collectGenerateResult(await this.call(options), {
      unified: "other",
      raw: undefined,
    });
    const json = options.responseFormat?.type === "json";
    return { ...result, ...(json && lastText !== undefined ? { structuredOutputText: lastText } : {}) };
  }

  /** Runs (or continues) a Codex turn and streams its parts. A failed turn ends with an `error` part. */
  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    return this.call(options);
  }

  private call(options: LanguageModelV4CallOptions): Promise<ModelCallStream<LanguageModelV4FinishReason>> {
    const warnings = callWarnings(options);
    const effort = effortOfReasoning(options.reasoning, warnings);
    const model = { modelId: this.modelId, settings: this.settings, runtime: this.runtime };
    return streamModelCall(model, { options, warnings, effort, finishReasonOf });
  }
}

function finishReasonOf(outcome: PumpOutcome): LanguageModelV4FinishReason {
  if (outcome.kind === "tool-calls") return { unified: "tool-calls", raw: "tool-calls" };
  if (outcome.kind === "aborted") return { unified: "other", raw: "aborted" };
  switch (outcome.status) {
    case "completed":
      return { unified: "stop", raw: "completed" };
    case "failed":
      return { unified: "error", raw: "failed" };
    case "interrupted":
      return { unified: "interrupted", raw: "interrupted" };
    default:
      return { unified: "other", raw: outcome.status };
  }
}
