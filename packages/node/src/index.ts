/**
 * `@codexkit/node`: drive OpenAI Codex agents from Node.js through one persistent `codex app-server`.
 * Re-exports what a user of the client meets from `@codexkit/core` (errors, inputs, protocol types,
 * transports), so this package alone is enough.
 *
 * @module \@codexkit/node
 */
// Everything the runtime-neutral entry exports, with `Codex` (there `CodexClient`) replaced by the Node
// client below: a local export takes precedence over a star export of the same name.

export { Codex } from "./client/codex.js";
// What needs Node: spawning codex (the process transport, binary resolution) and the pool.
export { CodexBinaryNotFoundError, type SignalName } from "./client/errors.js";
export { CodexPool } from "./pool/codex-pool.js";
export {
  CodexPoolMember,
  type CodexPoolMemberStats,
  type CodexPoolStats,
  type PoolMemberStatus,
} from "./pool/pool-member.js";
export type { CodexPoolOptions } from "./pool/pool-options.js";
export * from "./remote.js";
export {
  AppServerProcess,
  type CloseTimeouts,
  type SpawnOptions,
} from "./transports/process/app-server-process.js";
export {
  type CodexBinarySource,
  type ResolvedCodexBinary,
  resolveCodexBinary,
} from "./transports/process/binary-resolution.js";
export { ProcessTransport, type ProcessTransportOptions } from "./transports/process/process-transport.js";
