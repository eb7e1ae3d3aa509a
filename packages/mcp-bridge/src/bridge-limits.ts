import type { CodexBridgeOptions } from "./bridge-options.js";

/** Resolved numeric settings of a bridge. */
export interface BridgeLimits {
  /** Longest run, in ms (0 = no limit). */
  timeoutMs: number;
  /** Largest prompt, in UTF-8 bytes. */
  maxPromptBytes: number;
  /** Minimum time between two progress notifications of one call, in ms. */
  progressIntervalMs: number;
  /** "Still working" progress after this long without any, in ms (0 = never). */
  heartbeatMs: number;
  /** How long the client may take to answer an approval question, in ms. */
  approvalTimeoutMs: number;
  /** How long to wait for an interrupted turn to confirm, in ms. */
  interruptGraceMs: number;
  /** Most runs in flight over all sessions. */
  maxRuns: number;
  /** Most runs in flight per session. */
  maxRunsPerSession: number;
  /** How long the result of a `wait: false` run is kept after it ended, in ms. */
  resultRetentionMs: number;
}

/** The limits of `options`, with defaults for what they leave out. */
export function resolveLimits(options: CodexBridgeOptions): BridgeLimits {
  return {
    timeoutMs: options.timeoutMs ?? 30 * 60_000,
    maxPromptBytes: options.maxPromptBytes ?? 100 * 1024,
    progressIntervalMs: options.progressIntervalMs ?? 250,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    approvalTimeoutMs: options.approvalTimeoutMs ?? 120_000,
    interruptGraceMs: options.interruptGraceMs ?? 5_000,
    maxRuns: options.maxRuns ?? 16,
    maxRunsPerSession: options.maxRunsPerSession ?? 8,
    resultRetentionMs: options.resultRetentionMs ?? 10 * 60_000,
  };
}
