import { NoSuchModelError } from "@ai-sdk/provider";
import { ProviderRuntime } from "./provider-runtime.js";
import type { CodexModelSettings, CodexProviderSettings } from "./provider-settings.js";

/** What both specifications' providers are made of: a callable provider around one {@link ProviderRuntime}. */
export interface AssembledProvider<Model, Version extends "v3" | "v4"> {
  /** A model of the provider. */
  (modelId: string, settings?: CodexModelSettings): Model;
  /** The AI SDK provider specification. */
  readonly specificationVersion: Version;
  /** Same as calling the provider. */
  languageModel(modelId: string, settings?: CodexModelSettings): Model;
  /** Same as calling the provider. */
  chat(modelId: string, settings?: CodexModelSettings): Model;
  /** Throws `NoSuchModelError`. */
  embeddingModel(modelId: string): never;
  /** Throws `NoSuchModelError`. */
  imageModel(modelId: string): never;
  /** Throws `NoSuchModelError`. */
  transcriptionModel(modelId: string): never;
  /** Throws `NoSuchModelError`. */
  speechModel(modelId: string): never;
  /** Throws `NoSuchModelError`. */
  rerankingModel(modelId: string): never;
  /** Releases the running turns and closes the app-server the provider started. */
  close(): Promise<void>;
  /** Same as `close()`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Builds a provider: a function of the model id (checked) that makes models of the given specification with
 * `makeModel`, the same as `languageModel` and `chat`, and `NoSuchModelError` for every other model kind.
 */
export function assembleProvider<Model, Version extends "v3" | "v4">(
  settings: CodexProviderSettings,
  specificationVersion: Version,
  makeModel: (modelId: string, settings: CodexModelSettings, runtime: ProviderRuntime) => Model,
): AssembledProvider<Model, Version> {
  const runtime = new ProviderRuntime(settings);
  const languageModel = (modelId: string, modelSettings: CodexModelSettings = {}) => {
    if (typeof modelId !== "string" || modelId.trim() === "") {
      throw new NoSuchModelError({ modelId: String(modelId), modelType: "languageModel" });
    }
    return makeModel(modelId, modelSettings, runtime);
  };
  const provider = function (modelId: string, modelSettings?: CodexModelSettings) {
    if (new.target) throw new Error("the Codex provider is a function; call it without `new`");
    return languageModel(modelId, modelSettings);
  };
  const noSuchModel = (modelType: NoSuchModelError["modelType"]) => (modelId: string) => {
    throw new NoSuchModelError({ modelId, modelType, message: `Codex has no ${modelType}s` });
  };
  return Object.assign(provider, {
    specificationVersion,
    languageModel,
    chat: languageModel,
    embeddingModel: noSuchModel("embeddingModel"),
    imageModel: noSuchModel("imageModel"),
    transcriptionModel: noSuchModel("transcriptionModel"),
    speechModel: noSuchModel("speechModel"),
    rerankingModel: noSuchModel("rerankingModel"),
    close: () => runtime.close(),
    [Symbol.asyncDispose]: () => runtime.close(),
  });
}
