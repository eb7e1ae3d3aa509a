/**
 * `@codexkit/ai-sdk/v7`: Codex as a Vercel AI SDK 7 model (`LanguageModelV4`), with the same settings, names and
 * behaviour as `@codexkit/ai-sdk` (AI SDK 6, `LanguageModelV3`), plus the `reasoning` call option, the
 * `interrupted` finish reason and the final answer as `structuredOutputText`.
 *
 * @module \@codexkit/ai-sdk/v7
 */

import { type CodexProviderV4, createCodexProviderV4 } from "./codex-provider-v4.js";

export { CodexLanguageModelV4 as CodexLanguageModel } from "./codex-language-model-v4.js";
export { CODEX_TOOL_NAMES } from "./codex-tool-names.js";
export type { CodexCallOptions } from "./provider-options.js";
export type { CodexModelSettings, CodexProviderSettings, ConversationMode } from "./provider-settings.js";
export { CodexTurnFailedError } from "./turn-failed-error.js";
export { type CodexProviderV4 as CodexProvider, createCodexProviderV4 as createCodexProvider };

/**
 * The default AI SDK 7 Codex provider: `new Codex()` (the `codex` binary codexkit finds, your `CODEX_HOME`),
 * started on first use. Close it with `codex.close()` when done, or let it go with the process.
 */
export const codex: CodexProviderV4 = createCodexProviderV4();
