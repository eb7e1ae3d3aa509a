import { MalformedMessageError } from "../errors.js";
import type { JsonRpcMessage } from "./transport.js";

/**
 * Decodes one framed message (a JSONL line, a WebSocket text frame) into a JSON object, or the
 * {@link MalformedMessageError} that says why it is not one. Shared by every transport adapter.
 */
export function decodeMessage(text: string): JsonRpcMessage | MalformedMessageError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return new MalformedMessageError(text, error instanceof Error ? error.message : "invalid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return new MalformedMessageError(text, "not a JSON object");
  }
  return value as JsonRpcMessage;
}

/** Why a decoded object is not a JSON-RPC request, notification or response; undefined when it is one. */
export function notJsonRpcReason(message: JsonRpcMessage): string | undefined {
  if (typeof message.method === "string") return undefined;
  if ("id" in message && ("result" in message || "error" in message)) return undefined;
  return "not a JSON-RPC request, notification or response";
}
