/**
 * `@codexkit/mcp-bridge`: an MCP server that lets any MCP host delegate coding tasks to Codex
 * (`codex_run`, `codex_wait`, `codex_review`, `codex_list_threads`, `codex_read_thread`, …) through one
 * `codex app-server`, within an operator-set safety ceiling. It serves MCP 2026-07-28 and the 2025-era
 * revisions. Run it as `codexkit-mcp`, or embed it with {@link createBridgeServer}.
 *
 * @module \@codexkit/mcp-bridge
 */
export type { Advice, CodexHomeInfo } from "./advice.js";
export type { ApprovalRecord, SimpleDecision } from "./approvals.js";
export { type AllowedThread, CodexBridge } from "./bridge.js";
export type { BridgeLimits } from "./bridge-limits.js";
export type { CodexBridgeOptions } from "./bridge-options.js";
export {
  BridgeError,
  type BridgeErrorCode,
  ConfigurationError,
  InvalidArgumentError,
  LimitExceededError,
  PolicyViolationError,
  RunAbortedError,
} from "./errors.js";
export { HTTP_HOST, type HttpListener, type HttpListenOptions, listenHttp } from "./http.js";
export {
  BearerAuth,
  generateToken,
  type HttpTokenSource,
  MIN_TOKEN_LENGTH,
  readTokens,
} from "./http-auth.js";
export { type BridgeLogger, createStderrLogger, LOG_LEVELS, type LogLevel, silentLogger } from "./logger.js";
export {
  APPROVAL_LEVELS,
  APPROVAL_MODES,
  type ApprovalPolicyName,
  type EffectiveSettings,
  OperatorPolicy,
  type OperatorPolicyOptions,
  parseApprovalPolicy,
  parseSandbox,
  SANDBOX_LEVELS,
  SANDBOXES,
  type SandboxName,
} from "./policy.js";
export type { ProgressSnapshot } from "./run-progress.js";
export { type BridgeServerOptions, createBridgeServer } from "./server.js";
export { BridgeSession } from "./session-scope.js";
export { ThreadAccess } from "./thread-access.js";
export { REVIEW_TOOL } from "./tools/codex-review.js";
export { RUN_TOOL } from "./tools/codex-run.js";
export { INTERRUPT_TOOL, MAX_WAIT_SECONDS, WAIT_TOOL } from "./tools/codex-wait.js";
export { LIST_THREADS_TOOL } from "./tools/list-threads.js";
export { READ_THREAD_TOOL } from "./tools/read-thread.js";
export type { RunResult } from "./tools/schemas.js";
export type {
  ActionsSummary,
  CommandSummary,
  FileChangeSummary,
  ToolCallSummary,
  UsageSummary,
} from "./turn-summary.js";
export { VERSION } from "./version.js";
