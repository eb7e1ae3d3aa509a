import { redactSecrets } from "@codexkit/node";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { BridgeError } from "../errors.js";
import type { BridgeLogger } from "../logger.js";

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
 * what was refused; anything else says what failed.
 */
export function toolError(tool: string, error: unknown, logger: BridgeLogger): CallToolResult {
  const raw = error instanceof Error ? error.message : String(error);
  let text = redactSecrets(raw);
  if (text.length > MAX_ERROR_TEXT) text = `${text.slice(0, MAX_ERROR_TEXT - 1)}…`;
  if (error instanceof BridgeError) {
    logger.info(`${tool} refused (${error.bridgeCode}): ${text}`);
    return { isError: true, content: [{ type: "text", text: `${tool}: ${text}` }] };
  }
  logger.error(`${tool} failed: ${text}`);
  return { isError: true, content: [{ type: "text", text: `${tool} failed: ${text}` }] };
}
