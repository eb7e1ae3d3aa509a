/**
 * Type-level maps from method names to their params and results, derived from the generated protocol
 * unions (`ClientRequest`, `ServerRequest`, `ServerNotification`) and the generated response table.
 * A codex bump regenerates them; nothing here lists methods by hand.
 *
 * @module
 */
import type { ClientRequest } from "../generated/ClientRequest.js";
import type { ClientResponses, ServerResponses } from "../generated/methods.js";
import type { ServerNotification } from "../generated/ServerNotification.js";
import type { ServerRequest } from "../generated/ServerRequest.js";

/** Every method a client may call on the app-server. */
export type ClientMethod = ClientRequest["method"];
/** The params of client method `M` (`undefined` for param-less methods). */
export type ClientParams<M extends ClientMethod> = Extract<
  ClientRequest,
  {
    /** The method. */
    method: M;
  }
>["params"];
/** The result of client method `M`. */
export type ClientResult<M extends ClientMethod> = M extends keyof ClientResponses
  ? ClientResponses[M]
  : unknown;

/** Every request method the app-server may send to the client. */
export type ServerRequestMethod = ServerRequest["method"];
/** The params of server request `M`. */
export type ServerRequestParams<M extends ServerRequestMethod> = Extract<
  ServerRequest,
  {
    /** The method. */
    method: M;
  }
>["params"];
/** What the client must answer to server request `M`. */
export type ServerRequestResult<M extends ServerRequestMethod> = M extends keyof ServerResponses
  ? ServerResponses[M]
  : unknown;

/** Every notification method the app-server may send. */
export type NotificationMethod = ServerNotification["method"];
/** The params of notification `M`. */
export type NotificationParams<M extends NotificationMethod> = Extract<
  ServerNotification,
  {
    /** The method. */
    method: M;
  }
>["params"];

/**
 * A notification from the app-server, discriminated by `method`. Narrow with `if (n.method === "item/completed")`.
 * Notifications whose method this codex version does not know arrive as {@link UnknownNotification}.
 */
export type Notification = ServerNotification;

/** A notification whose method is not in the generated protocol (e.g. from a newer codex). */
export interface UnknownNotification {
  /** The notification's method. */
  method: string & {};
  /** Its params, unvalidated. */
  params: Record<string, unknown>;
}

/** A request the app-server sent to the client, discriminated by `method`. */
export type ServerRequestMessage = {
  [M in ServerRequestMethod]: {
    /** The request's method. */
    method: M;
    /** The JSON-RPC id to answer. */
    id: string | number;
    /** The request's params. */
    params: ServerRequestParams<M>;
  };
}[ServerRequestMethod];
