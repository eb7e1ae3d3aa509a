import type { LanguageModelV3, ProviderV3 } from "@ai-sdk/provider";
import type { LanguageModel } from "ai";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type CodexLanguageModel, type CodexProvider, codex, createCodexProvider } from "../src/index.js";

describe("the provider satisfies the AI SDK 6 specification (LanguageModelV3, ProviderV3)", () => {
  it("types: the model is a LanguageModelV3 and an ai LanguageModel, the provider a ProviderV3", () => {
    expectTypeOf<CodexLanguageModel>().toMatchTypeOf<LanguageModelV3>();
    expectTypeOf<CodexLanguageModel>().toMatchTypeOf<LanguageModel>();
    expectTypeOf<CodexProvider>().toMatchTypeOf<ProviderV3>();
    expectTypeOf(codex).toEqualTypeOf<CodexProvider>();
    // @ts-expect-error settings are checked: there is no `temperature` setting
    createCodexProvider({ temperature: 1 });
  });

  it("runtime: specification version, provider id, model id; no other model kinds", async () => {
    await using provider = createCodexProvider({ codex: { codexPath: "/nonexistent/never-spawned" } });
    const model = provider("gpt-5.5");
    expect(model.specificationVersion).toBe("v3");
    expect(model.provider).toBe("codex");
    expect(model.modelId).toBe("gpt-5.5");
    expect(provider.languageModel("gpt-5.5").modelId).toBe("gpt-5.5");
    expect(() => provider.embeddingModel("x")).toThrow(/no embeddingModel/);
    expect(() => provider.imageModel("x")).toThrow(/no imageModel/);
    expect(() => provider("")).toThrow(/No such languageModel/);
  });
});
