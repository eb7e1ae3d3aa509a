/**
 * The resource namespaces of a `Codex` client (`codex.fs`, …) and what they return.
 *
 * @module
 */

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
