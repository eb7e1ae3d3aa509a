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
 * A notification from the app-server, discriminated by `method`: the union of the notifications of the
 * generated protocol ({@link ServerNotification}). Narrow with `if (n.method === "item/completed")` or a
 * `switch`.
 *
 * A codex newer than the generated types may also send notifications whose method this union does not
 * list. They are delivered all the same, unchanged ({@link UnknownNotification} is their shape), so a
 * `switch` on `method` needs a `default` branch, and `n.params` of one is not any of the typed params. The
 * union cannot carry them itself: a member with a non-literal `method` stops TypeScript from narrowing a
 * union this large by `method` at all, and every `n.params` would be untyped.
 */
export type Notification = ServerNotification;

/**
 * The shape of a notification whose method is not in the generated protocol (e.g. from a newer codex):
 * delivered to notification listeners and turn streams as the server sent it, typed there as
 * {@link Notification} (see why there).
 */
export interface UnknownNotification {
  /** The notification's method, e.g. `thread/somethingNew`. */
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
