/**
 * `@codexkit/node`: drive OpenAI Codex agents from Node.js through one persistent `codex app-server`.
 * Re-exports everything from `@codexkit/core`, so this package alone is enough.
 *
 * @module \@codexkit/node
 */
export * from "@codexkit/core";
export { NotLoggedInError } from "./account-check.js";
export {
  type ApprovalDecision,
  type ApprovalHandler,
  type ApprovalRequest,
  acceptAll,
  type CommandExecutionItem,
  declineAll,
  type ElicitationHandler,
  type FileChangeItem,
  type HandlerContext,
  type RequestHandlers,
  type UserInputHandler,
} from "./approvals.js";
export { CodexClient } from "./codex.js";
export type { CodexOptions } from "./codex-options.js";
export { GoalTurnHandle } from "./goal.js";
export type { CodexActivity } from "./lifecycle/codex-activity.js";
export type { LifecycleOptions } from "./lifecycle/lifecycle-options.js";
export { ChatgptLoginHandle, DeviceCodeLoginHandle } from "./login.js";
export { Codex } from "./node-codex.js";
export {
  type JsonSchemaObject,
  type OutputOf,
  type OutputSchema,
  OutputValidationError,
  type StandardJsonSchema,
  type StandardResult,
} from "./output-schema.js";
export { CodexPool } from "./pool/codex-pool.js";
export { CodexPoolMember, type PoolMemberStatus } from "./pool/pool-member.js";
export type { CodexPoolOptions } from "./pool/pool-options.js";
export type { CodexPoolMemberStats, CodexPoolStats } from "./pool/pool-stats.js";
export type { CodexPreset } from "./presets.js";
export { AppServerProcess, type CloseTimeouts, type SpawnOptions } from "./process/app-server-process.js";
export {
  CodexBinaryNotFoundError,
  type CodexBinarySource,
  type ResolvedCodexBinary,
  resolveCodexBinary,
} from "./process/binary-resolution.js";
export { ProcessExitedError, StartupError } from "./process/errors.js";
export { redactSecrets } from "./process/redact.js";
export type { SignalName } from "./process/signal-name.js";
export {
  RECONNECT_DEFAULTS,
  type ReconnectOptions,
  type ResolvedReconnectOptions,
} from "./reconnect/reconnect-options.js";
export {
  isTurnReconnectedEvent,
  type TurnReconnectedEvent,
  type TurnStreamEvent,
} from "./reconnect/turn-reconnected-event.js";
export * from "./resources/index.js";
export type { ReviewFinding, ReviewResult } from "./review.js";
export { Thread } from "./thread.js";
export { ThreadNotStoredError } from "./thread-not-stored.js";
export type {
  JsonObject,
  ThreadForkOptions,
  ThreadResumeOptions,
  ThreadSettings,
  ThreadStartOptions,
} from "./thread-options.js";
export type { ThreadRuntimeSettings } from "./thread-settings.js";
export {
  type Tool,
  type ToolArgs,
  type ToolArgsCheck,
  type ToolContext,
  type ToolDefinition,
  type ToolParameters,
  tool,
} from "./tools/tool.js";
export { DEFAULT_TOOL_TIMEOUT_MS } from "./tools/tool-call-handler.js";
export { CODEX_BUILTIN_TOOL_NAMES } from "./tools/tool-registry.js";
export {
  isToolFailure,
  type JsonResult,
  type ToolContent,
  type ToolFailure,
  type ToolImageContent,
  type ToolResult,
  type ToolTextContent,
  toolFailure,
} from "./tools/tool-results.js";
export {
  isTool,
  isToolset,
  type ToolEntry,
  type Toolset,
  type ToolsetDefinition,
  toolset,
} from "./tools/toolset.js";
export { ProcessTransport, type ProcessTransportOptions } from "./transports/process-transport.js";
export { TurnAbortedError, TurnFailedError } from "./turn-errors.js";
export { TurnHandle } from "./turn-handle.js";
export type { GoalOptions, TurnOptions } from "./turn-options.js";
export { VERSION } from "./version.js";
export type { CodexWarning, CodexWarningCode } from "./warnings.js";
