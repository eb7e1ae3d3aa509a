import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type McpServer,
  type ServerContext,
} from "@modelcontextprotocol/server";
import type { Elicit } from "../approvals.js";
import type { CodexBridge } from "../bridge.js";
import { ProgressReporter, type ProgressReporterOptions } from "../progress.js";
import { QuestionQueue } from "../question-queue.js";

/** The context argument of a tool handler. */
export type CallContext = ServerContext;

/**
 * A progress reporter for a call that sent a `progressToken`; `undefined` for one that did not. `startAt`: the
 * progress already sent for the token (see {@link ProgressReporterOptions.startAt}).
 */
export function callProgress(
  bridge: CodexBridge,
  ctx: CallContext,
  startAt = 0,
): ProgressReporter | undefined {
  const token = ctx.mcpReq._meta?.progressToken;
  if (token === undefined) return undefined;
  return new ProgressReporter(
    (progress, message) =>
      ctx.mcpReq.notify({
        method: "notifications/progress",
        params: { progressToken: token, progress, message },
      }),
    { intervalMs: bridge.limits.progressIntervalMs, heartbeatMs: bridge.limits.heartbeatMs, startAt },
  );
}

/**
 * Whether this call came over the 2026-07-28 protocol (a per-request `_meta` envelope), where the server
 * cannot send the client requests of its own: questions go back in `input_required` results instead.
 */
export function isModernCall(ctx: CallContext): boolean {
  return ctx.mcpReq.envelope !== undefined;
}

/**
 * Where the approval questions of a run started by this 2026-07-28 call wait for the client's next round
 * (`undefined` when the client did not declare form elicitation in the call's envelope: approvals are then
 * refused by policy, as for a 2025-era client without it).
 */
export function callQuestions(ctx: CallContext): QuestionQueue | undefined {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const capabilities = envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  const elicitation = capabilities?.elicitation;
  if (elicitation === undefined || (elicitation.form === undefined && elicitation.url !== undefined))
    return undefined;
  return new QuestionQueue();
}

/**
 * Whether a 2025-era client declared form elicitation. A bare `elicitation: {}` predates the form/url
 * modes and means form.
 */
function canElicit(server: McpServer): boolean {
  const elicitation = server.server.getClientCapabilities()?.elicitation;
  return elicitation !== undefined && (elicitation.form !== undefined || elicitation.url === undefined);
}

/**
 * Approval questions as part of this call (`undefined` when the client cannot answer form elicitations,
 * or the call came over 2026-07-28, which has no server-to-client requests).
 */
export function callElicit(server: McpServer, ctx: CallContext): Elicit | undefined {
  if (isModernCall(ctx) || !canElicit(server)) return undefined;
  return (params, options) =>
    ctx.mcpReq.send(
      { method: "elicitation/create", params },
      { signal: options.signal, timeout: options.timeoutMs },
    );
}

/**
 * Approval questions for a run that outlives its call (`wait: false`, MCP tasks): sent on the 2025-era
 * session, not related to a request whose response has long been sent.
 */
export function sessionElicit(server: McpServer): Elicit | undefined {
  if (!canElicit(server) || isModernServer(server)) return undefined;
  return (params, options) =>
    server.server.request(
      { method: "elicitation/create", params },
      { signal: options.signal, timeout: options.timeoutMs },
    );
}

/** Whether `server` serves the 2026-07-28 era (no session channel to the client). */
function isModernServer(server: McpServer): boolean {
  const version = server.server.getNegotiatedProtocolVersion();
  return version !== undefined && version >= "2026-07-28";
}
