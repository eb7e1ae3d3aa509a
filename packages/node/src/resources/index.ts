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
export type { ExecOptions, ExecResult } from "./exec.js";
export { type ExecExit, ExecProcess, type ExecSpawnOptions, type TerminalSize } from "./exec-process.js";
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
export { type Page, Paginated } from "./pagination.js";
