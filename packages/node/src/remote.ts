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
export { CodexClient, CodexClient as Codex } from "./codex.js";
export type { CodexOptions } from "./codex-options.js";
export { GoalTurnHandle } from "./goal.js";
export type { CodexActivity } from "./lifecycle/codex-activity.js";
export type { LifecycleOptions } from "./lifecycle/lifecycle-options.js";
export { ChatgptLoginHandle, DeviceCodeLoginHandle } from "./login.js";
export {
  type JsonSchemaObject,
  type OutputOf,
  type OutputSchema,
  OutputValidationError,
  type StandardJsonSchema,
  type StandardResult,
} from "./output-schema.js";
export type { CodexPreset } from "./presets.js";
export { ProcessExitedError, StartupError } from "./process/errors.js";
export { redactSecrets } from "./process/redact.js";
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
export { TurnAbortedError, TurnFailedError } from "./turn-errors.js";
export { TurnHandle } from "./turn-handle.js";
export type { GoalOptions, TurnOptions } from "./turn-options.js";
export { VERSION } from "./version.js";
export type { CodexWarning, CodexWarningCode } from "./warnings.js";
