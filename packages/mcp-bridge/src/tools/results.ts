import { redactSecrets } from "@codexkit/node";
import type { CallToolResult } from "@modelcontextprotocol/server";
import type { CodexBridge } from "../bridge.js";
import { BridgeError } from "../errors.js";

const MAX_ERROR_TEXT = 4000;

/** A successful tool result: `structuredContent`, mirrored as JSON text for clients that only read text. */
export function toolResult(structured: object): CallToolResult {
  return {
    content: [{ type: "text", text: JSON.stringify(structured) }],
    structuredContent: structured as Record<string, unknown>,
  };
}

/**
 * A tool error result (`isError: true`) with a clear, redacted message. Policy and argument errors say
 * what was refused; anything else says what failed, and what the host's operator can do about it (log in,
 * which flag or `env` entry to set) when the bridge knows.
 */
export function toolError(
  tool: string,
  error: unknown,
  bridge: Pick<CodexBridge, "logger" | "advise">,
): CallToolResult {
  const { logger } = bridge;
  const advice = bridge.advise(error);
  const raw = advice ? advice.detail : error instanceof Error ? error.message : String(error);
  let text = redactSecrets(raw);
  if (text.length > MAX_ERROR_TEXT) text = `${text.slice(0, MAX_ERROR_TEXT - 1)}…`;
  if (advice) text = `${advice.advice}\n(${text})`;
  if (error instanceof BridgeError) {
    logger.info(`${tool} refused (${error.bridgeCode}): ${text}`);
    return { isError: true, content: [{ type: "text", text: `${tool}: ${text}` }] };
  }
  logger.error(`${tool} failed: ${text}`);
  return { isError: true, content: [{ type: "text", text: `${tool} failed: ${text}` }] };
}
