import type { CodexOptions } from "@codexkit/node";
import type { BridgeLogger } from "./logger.js";
import type { OperatorPolicy, OperatorPolicyOptions } from "./policy.js";

/** Options of {@link CodexBridge}. All optional. */
export interface CodexBridgeOptions {
  /** The operator's ceiling (sandbox, approval policy, allowed roots). */
  policy?: OperatorPolicy | OperatorPolicyOptions;
  /** Options of the one `Codex` client (codexPath, config overrides, env, codexHome, …). */
  codexOptions?: CodexOptions;
  /** Model for runs that do not name one (default: codex's configured model). */
  model?: string;
  /** Longest a run may take, in ms, before its turn is interrupted; 0 = no limit. Default 30 minutes. */
  timeoutMs?: number;
  /** Largest prompt, in UTF-8 bytes. Default 100 KiB. */
  maxPromptBytes?: number;
  /** Minimum time between two progress notifications of one call, in ms. Default 250. */
  progressIntervalMs?: number;
  /** "Still working" progress after this long without any, in ms; 0 = never. Default 15000. */
  heartbeatMs?: number;
  /** How long the MCP client may take to answer an approval question, in ms. Default 120000. */
  approvalTimeoutMs?: number;
  /** How long to wait for an interrupted turn to confirm before returning anyway, in ms. Default 5000. */
  interruptGraceMs?: number;
  /** Most runs in flight at once, over all sessions; more are refused (not queued). Default 16. */
  maxRuns?: number;
  /** Most runs in flight at once per MCP session; more are refused (not queued). Default 8. */
  maxRunsPerSession?: number;
  /** How long the result of a `wait: false` run is kept after it ended (for `codex_wait`), in ms. Default 10 minutes. */
  resultRetentionMs?: number;
  /**
   * Let every session list, read and continue threads the bridge did not create (those already in
   * `CODEX_HOME`, e.g. the user's own Codex history, or made by an earlier bridge process). Default false:
   * a session sees only the threads it created.
   */
  exposeExistingThreads?: boolean;
  /** Where to log (never prompts or secrets). Default: nowhere. */
  logger?: BridgeLogger;
}
