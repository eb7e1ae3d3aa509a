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
 * @module \@codexkit/node/remote
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
export { CodexClient, CodexClient as Codex } from "./client/codex-client.js";
export type { CodexOptions } from "./client/codex-options.js";
export { TurnAbortedError, TurnFailedError } from "./client/errors.js";
export type { CodexPreset } from "./client/presets.js";
export { VERSION } from "./client/version.js";
export type { CodexWarning, CodexWarningCode } from "./client/warnings.js";
export { redactSecrets } from "./internal/redact.js";
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
export { ProcessExitedError, StartupError } from "./transports/process/errors.js";
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
