import type { ProviderV3 } from "@ai-sdk/provider";
import { CodexLanguageModel } from "./codex-language-model.js";
import { assembleProvider } from "./provider-assembly.js";
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
 * Creates a Codex provider for the Vercel AI SDK 6 (`LanguageModelV3`; `ai@7` adapts it, and
 * `@codexkit/ai-sdk/v7` has the `LanguageModelV4` provider).
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
  const provider = assembleProvider(
    settings,
    "v3",
    (modelId, modelSettings, runtime) => new CodexLanguageModel(modelId, modelSettings, runtime),
  );
  // ProviderV3's deprecated name of embeddingModel
  return Object.assign(provider, { textEmbeddingModel: provider.embeddingModel });
}

/**
 * The default Codex provider: `new Codex()` (the `codex` binary codexkit finds, your `CODEX_HOME`), started on
 * first use. Close it with `codex.close()` when done, or let it go with the process.
 */
export const codex: CodexProvider = createCodexProvider();
