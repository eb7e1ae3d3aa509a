/**
 * `@codexkit/node/remote`: the runtime-neutral client for a remote `codex app-server` — no `node:*`
 * import, so it runs on Node, Deno, Bun and in workers. Connect with `{ url: "ws://…" | "wss://…", token }`
 * (over the global `WebSocket`, or pass one as `WebSocket`) or with `{ transport }`. Spawning codex, a
 * `command` and `unix://` sockets need the Node entry, `@codexkit/node`.
 *
 * Browsers cannot connect directly: codex refuses every request that carries an `Origin` header (HTTP
 * 403), and browsers always send one — put a server-side relay in between.
 *
 * @example
 * ```ts
 * import { Codex } from "@codexkit/node/remote";
 * await using codex = new Codex({ url: "wss://codex.internal:4500", token: Deno.env.get("CODEX_TOKEN") });
 * const thread = await codex.threadStart();
 * console.log((await thread.run("Say hello.")).finalResponse);
 * ```
 *
 * This file is also the export list both entries share: `@codexkit/node` (index.ts) re-exports all of it,
 * replaces `Codex` with the Node client, and adds what needs Node (the process transport, the pool).
 *
 * @module \@codexkit/node/remote
 */
// ---- from @codexkit/core: what a user of the client meets (its plumbing stays in @codexkit/core/internal) ----
// (the types, then the values): the errors the client rejects with (node's own are below) and which of them
// to retry; server requests as `onServerRequest` and `TurnResult.serverRequests` report them; `request()`'s
// options; the protocol's types (every generated one under `protocol`, the common ones and the method maps by
// name); inputs, transports and the server's identity
export type {
  Account,
  AccountLoginCompletedNotification,
  AccountUpdatedNotification,
  AgentMessageDeltaNotification,
  ApprovalsReviewer,
  AskForApproval,
  CancelLoginAccountResponse,
  CancelLoginAccountStatus,
  ClientMethod,
  ClientParams,
  ClientResult,
  CollaborationMode,
  CommandExecutionApprovalDecision,
  CommandExecutionRequestApprovalParams,
  CommandExecutionRequestApprovalResponse,
  DefaultReason,
  DynamicToolCallParams,
  DynamicToolCallResponse,
  ErrorNotification,
  FileChangeApprovalDecision,
  FileChangeRequestApprovalParams,
  FileChangeRequestApprovalResponse,
  GetAccountResponse,
  InitializeCapabilities,
  InitializeResponse,
  ItemCompletedNotification,
  ItemStartedNotification,
  JsonValue,
  LoginAccountResponse,
  McpServerElicitationRequestParams,
  McpServerElicitationRequestResponse,
  Model,
  ModelListResponse,
  Notification,
  NotificationMethod,
  NotificationParams,
  PermissionsRequestApprovalParams,
  PermissionsRequestApprovalResponse,
  Personality,
  protocol,
  ReasoningEffort,
  ReasoningSummary,
  RequestId,
  RequestOptions,
  ReviewTarget,
  SandboxMode,
  SandboxPolicy,
  ServerNotification,
  ServerRequest,
  ServerRequestContext,
  ServerRequestEvent,
  ServerRequestMessage,
  ServerRequestMethod,
  ServerRequestParams,
  ServerRequestResult,
  ThreadArchiveResponse,
  ThreadCompactStartResponse,
  ThreadForkResponse,
  ThreadGoal,
  ThreadGoalStatus,
  ThreadInfo,
  ThreadItem,
  ThreadListResponse,
  ThreadReadResponse,
  ThreadResumeResponse,
  ThreadSetNameResponse,
  ThreadStartResponse,
  ThreadTokenUsage,
  ThreadUnarchiveResponse,
  TokenUsageBreakdown,
  ToolRequestUserInputParams,
  ToolRequestUserInputResponse,
  Turn,
  TurnCompletedNotification,
  TurnError,
  TurnInterruptResponse,
  TurnStartedNotification,
  TurnStatus,
  TurnSteerResponse,
  UnknownNotification,
  UserInput,
  W3cTraceContext,
} from "@codexkit/core";
export {
  AbortError,
  AbstractTransport,
  ApprovalMode,
  type ByteStream,
  type ClientInfo,
  CodexError,
  type CodexErrorCode,
  type CoreErrorCode,
  createLinkedTransports,
  defaultAnswersOf,
  finalResponseOf,
  GENERATED_FROM_CODEX_VERSION,
  type ImageInput,
  type InitializeMetadata,
  type Input,
  type InputItem,
  InternalRpcError,
  InvalidInputError,
  InvalidParamsError,
  InvalidRequestError,
  imageInput,
  isRetryableError,
  JsonlTransport,
  type JsonlTransportOptions,
  JsonRpcError,
  type JsonRpcMessage,
  type LocalImageInput,
  localImageInput,
  MalformedMessageError,
  MemoryTransport,
  type MentionInput,
  MethodNotFoundError,
  MINIMUM_CODEX_VERSION,
  mentionInput,
  ParseError,
  RETRY_DEFAULTS,
  RetryLimitExceededError,
  type RetryOptions,
  type RunInput,
  retryOnOverload,
  Sandbox,
  type SandboxSetting,
  ServerBusyError,
  type ServerInfo,
  type SkillInput,
  skillInput,
  type TextInput,
  ThreadBusyError,
  TimeoutError,
  type Transport,
  type TransportClose,
  TransportClosedError,
  type TurnResult,
  textInput,
  UnauthorizedError,
  type Unsubscribe,
  UnsupportedServerError,
  type WebSocketConstructor,
  type WebSocketEventLike,
  type WebSocketInitLike,
  type WebSocketLike,
  WebSocketTransport,
  type WebSocketTransportOptions,
} from "@codexkit/core";
// ---- @codexkit/node ----
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
export { CodexClient, CodexClient as Codex } from "./client/codex-client.js";
export type { CodexOptions } from "./client/codex-options.js";
export {
  ConfigWriteError,
  FsError,
  type FsErrorCode,
  type NodeErrorCode,
  NotLoggedInError,
  OutputValidationError,
  ProcessExitedError,
  StartupError,
  ThreadNotStoredError,
  TurnAbortedError,
  TurnFailedError,
} from "./client/errors.js";
export type { CodexPreset } from "./client/presets.js";
export { VERSION } from "./client/version.js";
export type { CodexWarning, CodexWarningCode } from "./client/warnings.js";
export { type Page, Paginated } from "./internal/pagination.js";
export { redactSecrets } from "./internal/redact.js";
export type { JsonSchemaObject, StandardJsonSchema, StandardResult } from "./internal/standard-schema.js";
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
// the client's resource namespaces (`codex.fs`, `codex.mcp`, …) and `codex.exec`/`codex.spawn`
export {
  type CommonConfig,
  Config,
  type ConfigBatchWriteOptions,
  type ConfigEdit,
  type ConfigReadResult,
  type ConfigWriteOptions,
  type ConfigWriteResult,
} from "./resources/config.js";
export type { ExecOptions, ExecResult } from "./resources/exec.js";
export {
  type ExecExit,
  ExecProcess,
  type ExecSpawnOptions,
  type TerminalSize,
} from "./resources/exec-process.js";
export { Feedback, type FeedbackReport, type FeedbackUploadResult } from "./resources/feedback.js";
export {
  Fs,
  type FsCallOptions,
  type FsCopyOptions,
  type FsCreateDirectoryOptions,
  type FsDirectoryEntry,
  type FsMetadata,
  type FsRemoveOptions,
} from "./resources/fs.js";
export { type FsChange, FsWatch } from "./resources/fs-watch.js";
export { Hooks, type HooksForDirectory } from "./resources/hooks.js";
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
} from "./resources/mcp.js";
export {
  type ModelProviderInfo,
  type ModelProviderList,
  ModelProviders,
} from "./resources/model-providers.js";
export {
  type InstalledPlugins,
  type PluginDetail,
  type PluginInstallResult,
  type PluginListResult,
  type PluginSource,
  Plugins,
} from "./resources/plugins.js";
export { type SkillInfo, Skills, type SkillsForDirectory } from "./resources/skills.js";
export type { CodexLogger, CodexLogLevel, TelemetryOptions } from "./telemetry/telemetry-options.js";
export { GoalTurnHandle } from "./thread/goal.js";
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
} from "./thread/history.js";
export type { LifecycleOptions } from "./thread/lifecycle-options.js";
export type { ReviewFinding, ReviewResult } from "./thread/review.js";
export { Thread } from "./thread/thread.js";
export type { CodexActivity } from "./thread/thread-lifecycle.js";
export type {
  JsonObject,
  ThreadForkOptions,
  ThreadResumeOptions,
  ThreadRuntimeSettings,
  ThreadSettings,
  ThreadStartOptions,
} from "./thread/thread-options.js";
export type { ThreadSearchOptions, ThreadSearchPage, ThreadSearchResult } from "./thread/thread-search.js";
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
export type { OutputOf, OutputSchema } from "./turn/output-schema.js";
export { TurnHandle } from "./turn/turn-handle.js";
export type { GoalOptions, TurnOptions } from "./turn/turn-options.js";
