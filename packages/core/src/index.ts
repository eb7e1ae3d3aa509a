/**
 * `@codexkit/core`: the runtime-neutral protocol layer for `codex app-server` — generated protocol types,
 * JSON-RPC over message-level transports (JSONL over a byte stream, WebSocket, in-memory), typed
 * requests, server-request handling, turn routing, errors, retry and input normalisation. Most users want `@codexkit/node`, which re-exports all of this.
 *
 * @module \@codexkit/core
 */

export type { SandboxSetting, ThreadApprovalFields, TurnApprovalFields } from "./approval.js";
export { ApprovalMode, Sandbox, threadApprovalFields, turnApprovalFields } from "./approval.js";
export { AppServerConnection } from "./connection/app-server-connection.js";
export type {
  ClientInfo,
  ConnectionOptions,
  RequestOptions,
  W3cTraceContext,
} from "./connection/connection-options.js";
export { Listeners } from "./connection/listeners.js";
export {
  type DefaultAnswer,
  SERVER_REQUEST_DEFAULTS,
  SERVER_REQUEST_METHODS,
} from "./connection/server-request-defaults.js";
export {
  type DefaultReason,
  type RequestOwnership,
  type ServerRequestContext,
  ServerRequestDispatcher,
  type ServerRequestEvent,
  type ServerRequestHandler,
} from "./connection/server-request-dispatcher.js";
export {
  isRetryableError,
  isServerOverloadedData,
  mapJsonRpcError,
  SERVER_OVERLOADED_CODE,
} from "./error-mapping.js";
export {
  AbortError,
  CodexError,
  type CodexErrorCode,
  InternalRpcError,
  InvalidInputError,
  InvalidParamsError,
  InvalidRequestError,
  JsonRpcError,
  MalformedMessageError,
  MethodNotFoundError,
  ParseError,
  RetryLimitExceededError,
  ServerBusyError,
  ThreadBusyError,
  TimeoutError,
  TransportClosedError,
  UnsupportedServerError,
} from "./errors.js";
export type * as protocol from "./generated/index.js";
export type { ClientResponses, ServerResponses } from "./generated/methods.js";
export { GENERATED_FROM_CODEX_VERSION, PARAMLESS_CLIENT_METHODS } from "./generated/methods.js";
export {
  type ImageInput,
  type Input,
  type InputItem,
  imageInput,
  type LocalImageInput,
  localImageInput,
  type MentionInput,
  mentionInput,
  normalizeInput,
  type RunInput,
  type SkillInput,
  skillInput,
  type TextInput,
  textInput,
} from "./inputs.js";
export type {
  ClientMethod,
  ClientParams,
  ClientResult,
  Notification,
  NotificationMethod,
  NotificationParams,
  ServerRequestMessage,
  ServerRequestMethod,
  ServerRequestParams,
  ServerRequestResult,
  UnknownNotification,
} from "./protocol/methods.js";
export { type RoutingKey, routingKeyOf } from "./protocol/routing-keys.js";
export type * from "./protocol/types.js";
export { RETRY_DEFAULTS, type RetryOptions, retryOnOverload } from "./retry.js";
export {
  type InitializeMetadata,
  initializeMetadataOf,
  parseUserAgent,
  type ServerInfo,
} from "./server/server-info.js";
export {
  checkServerVersion,
  compareCodexVersions,
  MINIMUM_CODEX_VERSION,
  type ServerVersionStatus,
} from "./server/version-policy.js";
export { AbstractTransport } from "./transport/abstract-transport.js";
export type { ByteStream, Unsubscribe } from "./transport/byte-stream.js";
export { JsonlMessageReader } from "./transport/jsonl-reader.js";
export { JsonlTransport, type JsonlTransportOptions } from "./transport/jsonl-transport.js";
export { JsonlMessageWriter } from "./transport/jsonl-writer.js";
export { LineDecoder } from "./transport/line-decoder.js";
export { createLinkedTransports, MemoryTransport } from "./transport/memory-transport.js";
export { decodeMessage, notJsonRpcReason } from "./transport/message-codec.js";
export type { JsonRpcMessage, Transport, TransportClose } from "./transport/transport.js";
export { TransportMessageReader } from "./transport/transport-message-reader.js";
export { TransportMessageWriter } from "./transport/transport-message-writer.js";
export type {
  WebSocketConstructor,
  WebSocketEventLike,
  WebSocketInitLike,
  WebSocketLike,
} from "./transport/websocket-like.js";
export {
  endpointOf,
  WebSocketTransport,
  type WebSocketTransportOptions,
} from "./transport/websocket-transport.js";
export { AsyncQueue } from "./turns/async-queue.js";
export {
  defaultAnswersOf,
  finalResponseOf,
  type TurnResult,
  TurnResultCollector,
} from "./turns/turn-result.js";
export { TurnRouter } from "./turns/turn-router.js";
