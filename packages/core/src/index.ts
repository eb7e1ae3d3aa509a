/**
 * `@codexkit/core`: the runtime-neutral protocol layer for `codex app-server` — generated protocol types,
 * JSON-RPC over message-level transports (JSONL over a byte stream, WebSocket, in-memory), typed
 * requests, server-request handling with fail-closed defaults, turn results, errors, retry and input
 * normalisation. Most users want `@codexkit/node`, which builds its client on this and re-exports what a
 * user of that client meets.
 *
 * The machinery codexkit's own packages build on (turn router, queues, dispatcher, JSONL readers and
 * writers, …) is in `@codexkit/core/internal`, with no compatibility promise.
 *
 * @module \@codexkit/core
 */

// approvals: the modes and sandboxes a thread or turn runs with
export { ApprovalMode, Sandbox, type SandboxSetting } from "./approval.js";
// the connection: a typed JSON-RPC client of one app-server over any transport
export { AppServerConnection } from "./connection/app-server-connection.js";
export type {
  ClientInfo,
  ConnectionOptions,
  RequestOptions,
  W3cTraceContext,
} from "./connection/connection-options.js";
export {
  type DefaultAnswer,
  SERVER_REQUEST_DEFAULTS,
  SERVER_REQUEST_METHODS,
} from "./connection/server-request-defaults.js";
export type {
  DefaultReason,
  RequestOwnership,
  ServerRequestContext,
  ServerRequestEvent,
  ServerRequestHandler,
} from "./connection/server-request-dispatcher.js";
// errors, and which of them are worth retrying
export { isRetryableError, SERVER_OVERLOADED_CODE } from "./error-mapping.js";
export {
  AbortError,
  CodexError,
  type CodexErrorCode,
  type CoreErrorCode,
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
  UnauthorizedError,
  UnsupportedServerError,
} from "./errors.js";
// the protocol: generated types, and method maps derived from them
export type * as protocol from "./generated/index.js";
export type { ClientResponses, ServerResponses } from "./generated/methods.js";
export { GENERATED_FROM_CODEX_VERSION } from "./generated/methods.js";
// inputs of a turn
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
export type * from "./protocol/types.js";
// retrying an overloaded server
export { RETRY_DEFAULTS, type RetryOptions, retryOnOverload } from "./retry.js";
// which codex versions are supported
export type { InitializeMetadata, ServerInfo } from "./server/server-info.js";
export {
  checkServerVersion,
  compareCodexVersions,
  MINIMUM_CODEX_VERSION,
  type ServerVersionStatus,
} from "./server/version-policy.js";
// transports: the message-level interface, and the ones codexkit ships
export { AbstractTransport } from "./transport/abstract-transport.js";
export type { ByteStream, Unsubscribe } from "./transport/byte-stream.js";
export { JsonlTransport, type JsonlTransportOptions } from "./transport/jsonl-transport.js";
export { createLinkedTransports, MemoryTransport } from "./transport/memory-transport.js";
export type { JsonRpcMessage, Transport, TransportClose } from "./transport/transport.js";
export type {
  WebSocketConstructor,
  WebSocketEventLike,
  WebSocketInitLike,
  WebSocketLike,
} from "./transport/websocket-like.js";
export { WebSocketTransport, type WebSocketTransportOptions } from "./transport/websocket-transport.js";
// what a turn did
export { defaultAnswersOf, finalResponseOf, type TurnResult } from "./turns/turn-result.js";
