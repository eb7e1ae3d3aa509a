import type { ServerRequestMethod, ServerRequestParams, ServerRequestResult } from "../protocol/methods.js";

/** The safe answer codexkit gives a server request nobody handled: it never grants anything. */
export type DefaultAnswer<M extends ServerRequestMethod> =
  | {
      /** Answer with a result. */
      kind: "result";
      /** The result sent. */
      result: ServerRequestResult<M>;
    }
  | {
      /** Answer with a JSON-RPC error. */
      kind: "error";
      /** The JSON-RPC error code. */
      code: number;
      /** The error message. */
      message: string;
    };

type Defaults = { [M in ServerRequestMethod]: (params: ServerRequestParams<M>) => DefaultAnswer<M> };

// Params are read defensively: a default must answer even a request that arrived without params.
const decisionsOf = (params: { availableDecisions?: unknown } | undefined): unknown[] | undefined =>
  Array.isArray(params?.availableDecisions) ? params.availableDecisions : undefined;

/**
 * Fail-closed answers for every server request method of the pinned protocol (the compiler checks the
 * table is complete). Approvals are declined — or cancelled where the server does not offer "decline" —
 * questions get no answers, elicitations are declined, dynamic tool calls fail, and credential requests
 * are refused with an error. A turn never waits on us.
 */
export const SERVER_REQUEST_DEFAULTS: Defaults = {
  "item/commandExecution/requestApproval": (params) => {
    const offered = decisionsOf(params);
    const decision = offered === undefined || offered.includes("decline") ? "decline" : "cancel";
    return { kind: "result", result: { decision } };
  },
  "item/fileChange/requestApproval": () => ({ kind: "result", result: { decision: "decline" } }),
  "item/permissions/requestApproval": () => ({ kind: "result", result: { permissions: {}, scope: "turn" } }),
  "item/tool/requestUserInput": () => ({ kind: "result", result: { answers: {} } }),
  "mcpServer/elicitation/request": () => ({
    kind: "result",
    result: { action: "decline", content: null, _meta: null },
  }),
  "item/tool/call": (params) => ({
    kind: "result",
    result: {
      success: false,
      contentItems: [
        {
          type: "inputText",
          text: `Tool call failed: this client has no implementation of the tool "${params?.namespace ? `${params.namespace}.` : ""}${params?.tool}" for this thread (an unknown tool, or a thread resumed or forked without passing its tools).`,
        },
      ],
    },
  }),
  "account/chatgptAuthTokens/refresh": () => ({
    kind: "error",
    code: -32603,
    message: "codexkit: no ChatGPT token refresh handler is registered",
  }),
  "attestation/generate": () => ({
    kind: "error",
    code: -32603,
    message: "codexkit: no attestation handler is registered",
  }),
  applyPatchApproval: () => ({
    kind: "result",
    result: { decision: { denied: { rejection: "no approval handler registered" } } },
  }),
  execCommandApproval: () => ({
    kind: "result",
    result: { decision: { denied: { rejection: "no approval handler registered" } } },
  }),
};

/** The server request methods of the pinned protocol. */
export const SERVER_REQUEST_METHODS = Object.keys(SERVER_REQUEST_DEFAULTS) as ServerRequestMethod[];
