import { NoSuchModelError, type ProviderV3 } from "@ai-sdk/provider";
import { CodexLanguageModel } from "./codex-language-model.js";
import { ProviderRuntime } from "./provider-runtime.js";
import type { CodexModelSettings, CodexProviderSettings } from "./provider-settings.js";

/**
 * A Codex provider: call it with a model id for a {@link CodexLanguageModel}. Every model of one provider
 * shares its `codex app-server` and its conversations.
 */
export interface CodexProvider extends ProviderV3, AsyncDisposable {
  /** A Codex model, e.g. `codex("gpt-5.5")`; `settings` override the provider's for this model. */
  (modelId: string, settings?: CodexModelSettings): CodexLanguageModel;
  /** Same as calling the provider. */
  languageModel(modelId: string, settings?: CodexModelSettings): CodexLanguageModel;
  /** Same as calling the provider. */
  chat(modelId: string, settings?: CodexModelSettings): CodexLanguageModel;
  /**
   * Releases every running turn and closes the app-server the provider started (a `Codex` you passed in stays
   * open). The provider cannot be used afterwards.
   */
  close(): Promise<void>;
}

/**
 * Creates a Codex provider for the Vercel AI SDK (`ai@6`).
 *
 * @example
 * ```ts
 * import { createCodexProvider } from "@codexkit/ai-sdk";
 * import { generateText } from "ai";
 *
 * const codex = createCodexProvider({ codex: { codexHome } });
 * const { text } = await generateText({ model: codex("gpt-5.5"), prompt: "Summarise README.md" });
 * await codex.close();
 * ```
 */
export function createCodexProvider(settings: CodexProviderSettings = {}): CodexProvider {
  const runtime = new ProviderRuntime(settings);
  const languageModel = (modelId: string, modelSettings: CodexModelSettings = {}) => {
    if (typeof modelId !== "string" || modelId.trim() === "") {
      throw new NoSuchModelError({ modelId: String(modelId), modelType: "languageModel" });
    }
    return new CodexLanguageModel(modelId, modelSettings, runtime);
  };
  const provider = function (modelId: string, modelSettings?: CodexModelSettings) {
    if (new.target) throw new Error("the Codex provider is a function; call it without `new`");
    return languageModel(modelId, modelSettings);
  } as CodexProvider;
  const noSuchModel = (modelType: NoSuchModelError["modelType"]) => (modelId: string) => {
    throw new NoSuchModelError({ modelId, modelType, message: `Codex has no ${modelType}s` });
  };
  return Object.assign(provider, {
    specificationVersion: "v3" as const,
    languageModel,
    chat: languageModel,
    embeddingModel: noSuchModel("embeddingModel"),
    textEmbeddingModel: noSuchModel("embeddingModel"),
    imageModel: noSuchModel("imageModel"),
    transcriptionModel: noSuchModel("transcriptionModel"),
    speechModel: noSuchModel("speechModel"),
    rerankingModel: noSuchModel("rerankingModel"),
    close: () => runtime.close(),
    [Symbol.asyncDispose]: () => runtime.close(),
  });
}

/**
 * The default Codex provider: `new Codex()` (the `codex` binary codexkit finds, your `CODEX_HOME`), started on
 * first use. Close it with `codex.close()` when done, or let it go with the process.
 */
export const codex: CodexProvider = createCodexProvider();
