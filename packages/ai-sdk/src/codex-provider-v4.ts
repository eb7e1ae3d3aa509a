import { CodexLanguageModelV4 } from "./codex-language-model-v4.js";
import { assembleProvider } from "./provider-assembly.js";
import type { CodexModelSettings, CodexProviderSettings } from "./provider-settings.js";

/**
 * A Codex provider for AI SDK 7 (a `ProviderV4`): call it with a model id for a `LanguageModelV4` Codex model.
 * Every model of one provider shares its `codex app-server` and its conversations.
 */
export interface CodexProviderV4 extends AsyncDisposable {
  /** The AI SDK provider specification this provider implements. */
  readonly specificationVersion: "v4";
  /** A Codex model, e.g. `codex("gpt-5.5")`; `settings` override the provider's for this model. */
  (modelId: string, settings?: CodexModelSettings): CodexLanguageModelV4;
  /** Same as calling the provider. */
  languageModel(modelId: string, settings?: CodexModelSettings): CodexLanguageModelV4;
  /** Same as calling the provider. */
  chat(modelId: string, settings?: CodexModelSettings): CodexLanguageModelV4;
  /** Codex has no embedding models: throws `NoSuchModelError`. */
  embeddingModel(modelId: string): never;
  /** Codex has no image models: throws `NoSuchModelError`. */
  imageModel(modelId: string): never;
  /** Codex has no transcription models: throws `NoSuchModelError`. */
  transcriptionModel(modelId: string): never;
  /** Codex has no speech models: throws `NoSuchModelError`. */
  speechModel(modelId: string): never;
  /** Codex has no reranking models: throws `NoSuchModelError`. */
  rerankingModel(modelId: string): never;
  /**
   * Releases every running turn and closes the app-server the provider started (a `Codex` you passed in stays
   * open). The provider cannot be used afterwards.
   */
  close(): Promise<void>;
}

/**
 * Creates a Codex provider for the Vercel AI SDK 7 (`LanguageModelV4`). Same settings and behaviour as the
 * AI SDK 6 provider of `@codexkit/ai-sdk`.
 *
 * @example
 * ```ts
 * import { createCodexProvider } from "@codexkit/ai-sdk/v7";
 * import { generateText } from "ai";
 *
 * const codex = createCodexProvider({ codex: { codexHome } });
 * const { text } = await generateText({ model: codex("gpt-5.5"), reasoning: "high", prompt: "Summarise README.md" });
 * await codex.close();
 * ```
 */
export function createCodexProviderV4(settings: CodexProviderSettings = {}): CodexProviderV4 {
  return assembleProvider(
    settings,
    "v4",
    (modelId, modelSettings, runtime) => new CodexLanguageModelV4(modelId, modelSettings, runtime),
  );
}
