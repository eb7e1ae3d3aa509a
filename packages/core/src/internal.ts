/**
 * `@codexkit/core/internal`: the machinery codexkit's own packages (`@codexkit/node`, the bench) build on.
 * Not part of the public API: no compatibility promise between versions, no documentation beyond the
 * source. Everything a user needs is in `@codexkit/core` (and, for the client, `@codexkit/node`).
 *
 * @module \@codexkit/core/internal
 */

export {
  type ThreadApprovalFields,
  type TurnApprovalFields,
  threadApprovalFields,
  turnApprovalFields,
} from "./approval.js";
export { connectionGoneCode } from "./connection/jsonrpc-seam.js";
export { Listeners } from "./connection/listeners.js";
export { ServerRequestDispatcher } from "./connection/server-request-dispatcher.js";
export { isServerOverloadedData, mapJsonRpcError } from "./error-mapping.js";
export { PARAMLESS_CLIENT_METHODS } from "./generated/methods.js";
export { type RoutingKey, routingKeyOf } from "./protocol/routing-keys.js";
export {
  busyThreadIdOf,
  type CodexErrorKind,
  codexSays,
  type OsErrorName,
  osErrorOf,
} from "./server/error-texts.js";
export { parseUserAgent } from "./server/server-info.js";
export { initializeMetadataOf } from "./server/version-policy.js";
export { LineDecoder } from "./transport/line-decoder.js";
export { decodeMessage, notJsonRpcReason } from "./transport/message-codec.js";
export { TransportMessageReader } from "./transport/transport-message-reader.js";
export { TransportMessageWriter } from "./transport/transport-message-writer.js";
export { endpointOf } from "./transport/websocket-transport.js";
export { AsyncQueue } from "./turns/async-queue.js";
export { TurnResultCollector } from "./turns/turn-result.js";
export { TurnRouter } from "./turns/turn-router.js";
