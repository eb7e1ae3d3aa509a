import { ResponseError } from "vscode-jsonrpc";
import type { ServerRequestMethod, ServerRequestParams, ServerRequestResult } from "../protocol/methods.js";
import type { JsonRpcMessage } from "../transport/transport.js";
import { Listeners } from "./listeners.js";
import { SERVER_REQUEST_DEFAULTS } from "./server-request-defaults.js";

/** Context handed to a server-request handler. */
export interface ServerRequestContext {
  /** The JSON-RPC id of the server's request. */
  requestId: string | number;
  /**
   * Aborted when the answer is no longer wanted: the server withdrew the request (`serverRequest/resolved`
   * arrived first, e.g. the turn was interrupted) or the connection closed. A long-running handler (a prompt
   * waiting for a person) should stop waiting then.
   */
  signal: AbortSignal;
}

/**
 * Answers one kind of server request. Return `undefined` to let the fail-closed default answer (reported
 * with reason `noHandler`); throwing makes the default answer too (reason `handlerThrew`).
 */
export type ServerRequestHandler<M extends ServerRequestMethod> = (
  params: ServerRequestParams<M>,
  context: ServerRequestContext,
) => ServerRequestResult<M> | undefined | Promise<ServerRequestResult<M> | undefined>;

/** Why the fail-closed default answered a server request. */
export type DefaultReason = "noHandler" | "handlerThrew";

/**
 * Decides whether this client answers a server request (see `AppServerConnection.setRequestOwnership`).
 * Returning false leaves the request to its owner: it is reported with `answeredBy: "notOwned"` and never answered.
 */
export type RequestOwnership = (method: string, params: unknown) => boolean;

/** How a server request was answered, reported through `AppServerConnection.onServerRequest`. */
export interface ServerRequestEvent {
  /** The server request's method, e.g. `item/commandExecution/requestApproval`. */
  method: string;
  /** The JSON-RPC id of the request. */
  requestId: string | number;
  /** The request's params, as received. */
  params: unknown;
  /**
   * `handler`: a registered handler answered; `default`: the fail-closed default; `unknown`: method not
   * found; `notOwned`: not answered at all — the request belongs to another client of a shared server
   * (a turn this client did not start, on a thread it holds no handlers for), so its owner answers.
   */
  answeredBy: "handler" | "default" | "unknown" | "notOwned";
  /** With `answeredBy: "default"`: whether no handler answered or the handler threw. */
  reason?: DefaultReason;
  /** The result sent, or undefined when an error was sent. */
  result: unknown;
  /** The error the handler threw, or the message of an error answer. */
  error?: unknown;
}

type AnyHandler = (params: unknown, context: ServerRequestContext) => unknown;
type AnyDefault = (params: unknown) => ReturnType<(typeof SERVER_REQUEST_DEFAULTS)[ServerRequestMethod]>;

/**
 * Answers the app-server's requests to the client: the registered handler when there is one and it
 * answers, the fail-closed default otherwise, `-32601` for methods the protocol does not define. Every
 * answer is reported to `onServerRequest` listeners; pending handlers are told (through their signal)
 * when an answer stops being wanted.
 */
export class ServerRequestDispatcher {
  private readonly handlers = new Map<string, AnyHandler>();
  private readonly inFlight = new Map<string | number, AbortController>();
  /** Listeners told how each server request was answered. */
  readonly listeners = new Listeners<ServerRequestEvent>();

  /** Registers (or replaces) the handler of `method`; returns a function that removes it. */
  setHandler<M extends ServerRequestMethod>(method: M, handler: ServerRequestHandler<M>): () => void {
    this.handlers.set(method, handler as AnyHandler);
    return () => {
      if (this.handlers.get(method) === (handler as AnyHandler)) this.handlers.delete(method);
    };
  }

  /** Answers one request of a known method. */
  async answer(method: ServerRequestMethod, params: unknown, requestId: string | number): Promise<unknown> {
    const handler = this.handlers.get(method);
    let reason: DefaultReason = "noHandler";
    let handlerError: unknown;
    if (handler) {
      const controller = new AbortController();
      this.inFlight.set(requestId, controller);
      try {
        // A getter: Node makes the AbortSignal on first access, so a handler that never reads it skips that cost.
        const context: ServerRequestContext = {
          requestId,
          get signal() {
            return controller.signal;
          },
        };
        const result = await handler(params, context);
        if (result !== undefined) {
          this.report({ method, requestId, params, answeredBy: "handler", result });
          return result;
        }
      } catch (error) {
        reason = "handlerThrew";
        handlerError = error;
      } finally {
        this.inFlight.delete(requestId);
      }
    }
    const fallback = (SERVER_REQUEST_DEFAULTS[method] as AnyDefault)(params);
    const isError = fallback.kind === "error";
    const error = handlerError ?? (isError ? fallback.message : undefined);
    this.report({
      method,
      requestId,
      params,
      answeredBy: "default",
      reason,
      result: isError ? undefined : fallback.result,
      ...(error === undefined ? {} : { error }),
    });
    return isError ? new ResponseError(fallback.code, fallback.message) : fallback.result;
  }

  /** Reports a request this client leaves unanswered because another client owns it. */
  notOwned(method: string, params: unknown, requestId: string | number): void {
    this.report({ method, requestId, params, answeredBy: "notOwned", result: undefined });
  }

  /** Answers a request whose method the pinned protocol does not define. */
  answerUnknown(method: string, params: unknown, requestId: string | number): ResponseError<void> {
    this.report({ method, requestId, params, answeredBy: "unknown", result: undefined });
    return new ResponseError(-32601, `codexkit does not handle server request method "${method}"`);
  }

  /** The server withdrew a request (`serverRequest/resolved`): abort its handler's signal. */
  withdrawn(requestId: string | number): void {
    this.inFlight.get(requestId)?.abort(new Error(`server request ${requestId} was resolved by the server`));
  }

  /** The connection closed: abort every pending handler's signal. */
  closeAll(reason: unknown): void {
    for (const controller of this.inFlight.values()) controller.abort(reason);
    this.inFlight.clear();
  }

  /** Handlers still running. */
  get pending(): number {
    return this.inFlight.size;
  }

  private report(event: ServerRequestEvent): void {
    this.listeners.emit(event);
  }
}

/** @internal The JSON-RPC response carrying an answer: its error, or its result (`null` for none). */
export function responseTo(id: string | number, answer: unknown): JsonRpcMessage {
  return answer instanceof ResponseError
    ? { jsonrpc: "2.0", id, error: answer.toJson() }
    : { jsonrpc: "2.0", id, result: answer === undefined ? null : answer };
}
