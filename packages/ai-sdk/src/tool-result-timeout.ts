import { InvalidArgumentError } from "@ai-sdk/provider";
import type { CodexModelSettings } from "./provider-settings.js";

/** Default of `toolResultTimeoutMs`: how long a turn waits for the caller's tool result. */
export const DEFAULT_TOOL_RESULT_TIMEOUT_MS = 300_000;

/** The tool-result timeout of the settings, checked. */
export function toolResultTimeoutOf(settings: CodexModelSettings): number {
  const value = settings.toolResultTimeoutMs ?? DEFAULT_TOOL_RESULT_TIMEOUT_MS;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError({
      argument: "toolResultTimeoutMs",
      message: `toolResultTimeoutMs must be a positive number of milliseconds, got ${String(value)}`,
    });
  }
  return value;
}
