import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  ElicitResultSchema,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { Elicit } from "../approvals.js";
import type { CodexBridge } from "../bridge.js";
import { ProgressReporter } from "../progress.js";

/** The extra argument of a tool handler. */
export type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** A progress reporter for a call that sent a `progressToken`; `undefined` for one that did not. */
export function callProgress(bridge: CodexBridge, extra: CallExtra): ProgressReporter | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  return new ProgressReporter(
    (progress, message) =>
      extra.sendNotification({
        method: "notifications/progress",
        params: { progressToken: token, progress, message },
      }),
    { intervalMs: bridge.limits.progressIntervalMs, heartbeatMs: bridge.limits.heartbeatMs },
  );
}

function canElicit(server: McpServer): boolean {
  return server.server.getClientCapabilities()?.elicitation?.form !== undefined;
}

/** Approval questions as part of this call (`undefined` when the client cannot answer form elicitations). */
export function callElicit(server: McpServer, extra: CallExtra): Elicit | undefined {
  if (!canElicit(server)) return undefined;
  return (params, options) =>
    extra.sendRequest({ method: "elicitation/create", params }, ElicitResultSchema, {
      signal: options.signal,
      timeout: options.timeoutMs,
    });
}

/**
 * Approval questions for a run that outlives its call (`wait: false`): sent on the session, not related to
 * a request whose response has long been sent.
 */
export function sessionElicit(server: McpServer): Elicit | undefined {
  if (!canElicit(server)) return undefined;
  return (params, options) =>
    server.server.request({ method: "elicitation/create", params }, ElicitResultSchema, {
      signal: options.signal,
      timeout: options.timeoutMs,
    });
}
