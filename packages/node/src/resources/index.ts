/**
 * The resource namespaces of a `Codex` client (`codex.fs`, …), `codex.exec`/`codex.spawn`, thread history
 * control (`thread.revert`, `thread.turns`, …) and thread search: their option and result types.
 *
 * @module
 */

export type {
  ResponseItem,
  ThreadItemEntry,
  ThreadItemsOptions,
  ThreadMetadataUpdate,
  ThreadRevertResult,
  ThreadSearchOccurrence,
  ThreadSettingsUpdate,
  ThreadTurn,
  ThreadTurnsOptions,
} from "../thread/history.js";
export type { ThreadSearchOptions, ThreadSearchPage, ThreadSearchResult } from "../thread/thread-search.js";
export {
  type CommonConfig,
  Config,
  type ConfigBatchWriteOptions,
  type ConfigEdit,
  type ConfigReadResult,
  ConfigWriteError,
  type ConfigWriteOptions,
  type ConfigWriteResult,
} from "./config.js";
export type { ExecOptions, ExecResult } from "./exec.js";
export { type ExecExit, ExecProcess, type ExecSpawnOptions, type TerminalSize } from "./exec-process.js";
export { Feedback, type FeedbackReport, type FeedbackUploadResult } from "./feedback.js";
export {
  Fs,
  type FsCallOptions,
  type FsCopyOptions,
  type FsCreateDirectoryOptions,
  type FsDirectoryEntry,
  type FsMetadata,
  type FsRemoveOptions,
} from "./fs.js";
export { FsError, type FsErrorCode } from "./fs-error.js";
export { type FsChange, FsWatch } from "./fs-watch.js";
export { Hooks, type HooksForDirectory } from "./hooks.js";
export {
  Mcp,
  type McpListServersOptions,
  McpLoginHandle,
  type McpLoginOptions,
  type McpLoginResult,
  type McpResourceRead,
  type McpResourceReadResult,
  type McpServerStatus,
  type McpToolCall,
  type McpToolCallResult,
} from "./mcp.js";
export { type ModelProviderInfo, type ModelProviderList, ModelProviders } from "./model-providers.js";
export { type Page, Paginated } from "./pagination.js";
export {
  type InstalledPlugins,
  type PluginDetail,
  type PluginInstallResult,
  type PluginListResult,
  type PluginSource,
  Plugins,
} from "./plugins.js";
export { type SkillInfo, Skills, type SkillsForDirectory } from "./skills.js";
