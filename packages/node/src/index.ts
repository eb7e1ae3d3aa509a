/**
 * `@codexkit/node`: drive OpenAI Codex agents from Node.js through one persistent `codex app-server`.
 * Re-exports everything from `@codexkit/core`, so this package alone is enough.
 *
 * @module \@codexkit/node
 */
export * from "@codexkit/core";
export { NotLoggedInError } from "./account/account-check.js";
export { ChatgptLoginHandle, DeviceCodeLoginHandle } from "./account/login.js";
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
} from "./approvals/approvals.js";
export { Codex } from "./client/codex.js";
export { CodexClient } from "./client/codex-client.js";
export type { CodexOptions } from "./client/codex-options.js";
export { TurnAbortedError, TurnFailedError } from "./client/errors.js";
export type { CodexPreset } from "./client/presets.js";
export { VERSION } from "./client/version.js";
export type { CodexWarning, CodexWarningCode } from "./client/warnings.js";
export { redactSecrets } from "./internal/redact.js";
export { CodexPool } from "./pool/codex-pool.js";
export { CodexPoolMember, type PoolMemberStatus } from "./pool/pool-member.js";
export type { CodexPoolOptions } from "./pool/pool-options.js";
export type { CodexPoolMemberStats, CodexPoolStats } from "./pool/pool-stats.js";
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
export type { CodexLogger, CodexLogLevel, TelemetryOptions } from "./telemetry/telemetry-options.js";
export type { CodexActivity } from "./thread/codex-activity.js";
export { GoalTurnHandle } from "./thread/goal.js";
export type { LifecycleOptions } from "./thread/lifecycle-options.js";
export type { ReviewFinding, ReviewResult } from "./thread/review.js";
export { Thread } from "./thread/thread.js";
export { ThreadNotStoredError } from "./thread/thread-not-stored.js";
export type {
  JsonObject,
  ThreadForkOptions,
  ThreadResumeOptions,
  ThreadSettings,
  ThreadStartOptions,
} from "./thread/thread-options.js";
export type { ThreadRuntimeSettings } from "./thread/thread-settings.js";
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
export {
  AppServerProcess,
  type CloseTimeouts,
  type SpawnOptions,
} from "./transports/process/app-server-process.js";
export {
  CodexBinaryNotFoundError,
  type CodexBinarySource,
  type ResolvedCodexBinary,
  resolveCodexBinary,
} from "./transports/process/binary-resolution.js";
export { ProcessExitedError, StartupError } from "./transports/process/errors.js";
export { ProcessTransport, type ProcessTransportOptions } from "./transports/process/process-transport.js";
export type { SignalName } from "./transports/process/signal-name.js";
export {
  type JsonSchemaObject,
  type OutputOf,
  type OutputSchema,
  OutputValidationError,
  type StandardJsonSchema,
  type StandardResult,
} from "./turn/output-schema.js";
export { TurnHandle } from "./turn/turn-handle.js";
export type { GoalOptions, TurnOptions } from "./turn/turn-options.js";
