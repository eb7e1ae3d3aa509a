/**
 * `@codexkit/ai-sdk`: Codex as a Vercel AI SDK 6 model (`LanguageModelV3`) over one persistent
 * `codex app-server`, with real deltas, approvals in code, one Codex thread per conversation and the caller's
 * AI SDK tools running inside Codex turns. For AI SDK 7 (`LanguageModelV4`), import `@codexkit/ai-sdk/v7`.
 *
 * @module \@codexkit/ai-sdk
 */

export { CodexLanguageModel } from "./codex-language-model.js";
export { type CodexProvider, codex, createCodexProvider } from "./codex-provider.js";
export { CODEX_TOOL_NAMES } from "./codex-tool-names.js";
export type { CodexCallOptions } from "./provider-options.js";
export type { CodexModelSettings, CodexProviderSettings, ConversationMode } from "./provider-settings.js";
export { CodexTurnFailedError } from "./turn-failed-error.js";
