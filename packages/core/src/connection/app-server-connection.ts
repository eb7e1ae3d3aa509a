import {
  createMessageConnection,
  type Message,
  type MessageConnection,
  NullLogger,
  RAL,
  ResponseError,
} from "vscode-jsonrpc";
import { mapJsonRpcError } from "../error-mapping.js";
import {
  AbortError,
  CodexError,
  InvalidInputError,
  MalformedMessageError,
  TransportClosedError,
} from "../errors.js";
import type { InitializeCapabilities } from "../generated/InitializeCapabilities.js";
import { PARAMLESS_CLIENT_METHODS } from "../generated/methods.js";
import type {
  ClientMethod,
  ClientParams,
  ClientResult,
  Notification,
  ServerRequestMethod,
} from "../protocol/methods.js";
import { type InitializeMetadata, initializeMetadataOf } from "../server/server-info.js";
import { checkServerVersion } from "../server/version-policy.js";
import { ensureJsonRpcRuntime } from "../transport/runtime.js";
import type { Transport, TransportClose } from "../transport/transport.js";
import { TransportMessageReader } from "../transport/transport-message-reader.js";
import { TransportMessageWriter } from "../transport/transport-message-writer.js";
import { Listeners } from "./listeners.js";
import { SERVER_REQUEST_METHODS } from "./server-request-defaults.js";
import {
  type RequestOwnership,
  ServerRequestDispatcher,
  type ServerRequestEvent,
  type ServerRequestHandler,
} from "./server-request-dispatcher.js";

/** Identifies the client to the app-server in `initialize`. */
export interface ClientInfo {
  /** Machine-readable client name, e.g. `codexkit`. */
  name: string;
  /** Client version. */
  version: string;
  /** Human-readable client name. */
  title?: string;
}

/** Options of {@link AppServerConnection}. */
export interface ConnectionOptions {
  /** Sent in `initialize`. */
  clientInfo: ClientInfo;
  /** Sent in `initialize`. Default `{ experimentalApi: true, requestAttestation: false }`. */
  capabilities?: InitializeCapabilities;
  /**
   * Builds the error pending and later calls fail with once the transport closes. Default: the
   * transport's own `describeClose` (a process adds its exit code and stderr tail, a socket its endpoint
   * and close code), else a {@link TransportClosedError} naming the endpoint and close code.
   */
  describeClose?: (cause?: Error, close?: TransportClose) => CodexError | Promise<CodexError>;
  /** Called for each line that is not a JSON-RPC message. The connection keeps going. */
  onMalformedMessage?: (error: MalformedMessageError) => void;
}

/** Per-call options of {@link AppServerConnection.request}. */
export interface RequestOptions {
  /** Rejects the call with {@link AbortError}; an already-aborted signal sends nothing. */
  signal?: AbortSignal;
}

type Settler = { reject: (error: unknown) => void };

/**
 * A JSON-RPC connection to one `codex app-server` over any {@link Transport}: the `initialize` handshake,
 * typed requests and notifications, server-request handlers with fail-closed defaults, and close handling
 * that rejects every pending call promptly.
 *
 * @example
 * ```ts
 * const connection = new AppServerConnection(new JsonlTransport(stream), {
 *   clientInfo: { name: "my-app", version: "1.0.0" },
 * });
 * await connection.initialize();
 * const { thread } = await connection.request("thread/start", {});
 * ```
 */
export class AppServerConnection {
  private readonly rpc: MessageConnection;
  private readonly serverRequests = new ServerRequestDispatcher();
  private readonly pending = new Set<Settler>();
  private readonly notificationListeners = new Listeners<Notification>();
  private readonly closeListeners = new Listeners<CodexError>();
  private closeError: CodexError | undefined;
  private closing: Promise<CodexError> | undefined;
  private initializeResult: InitializeMetadata | undefined;
  /** The server request vscode-jsonrpc is dispatching (it hands handlers neither the id nor absent params). */
  private current: { id: string | number; params: unknown } = { id: -1, params: undefined };
  /** Messages vscode-jsonrpc has dispatched from its queue; used to drain the queue on close. */
  private dispatched = 0;
  /**
   * Messages handed to vscode-jsonrpc and not dispatched yet. Never below the real queue length (every
   * message handed over is counted, every dispatch uncounted), so 0 means nothing is queued ahead.
   */
  private queued = 0;
  /** True while a notification is being delivered on the fast path (a re-entrant one must queue). */
  private delivering = false;
  private disposed = false;
  /** The error the transport failed with, handed to `describeClose`. */
  private streamError: Error | undefined;
  /** How the transport closed, handed to `describeClose`. */
  private transportClose: TransportClose | undefined;
  private started: Promise<void> | undefined;
  /** Decides which server requests this client answers; unset: all of them. */
  private ownership: RequestOwnership | undefined;

  constructor(
    /** The transport this connection speaks over. */
    readonly transport: Transport,
    private readonly options: ConnectionOptions,
  ) {
    ensureJsonRpcRuntime();
    const reader = new TransportMessageReader(transport, {
      onMalformed: options.onMalformedMessage,
      intercept: (message) => this.deliverDirectly(message),
      onTransportClose: (close) => {
        this.transportClose = close;
        if (close.error) this.streamError = close.error;
      },
    });
    reader.onError((error) => {
      if (!(error instanceof MalformedMessageError)) this.streamError = error;
    });
    const writer = new TransportMessageWriter(transport);
    // We never pass cancellation tokens (codex does not implement $/cancelRequest); AbortSignal is handled here.
    // The message strategy records each server request's id, which vscode-jsonrpc does not hand to handlers.
    this.rpc = createMessageConnection(reader, writer, NullLogger, {
      messageStrategy: {
        handleMessage: (message, next) => {
          this.dispatched++;
          this.queued--;
          const { id, method, params } = message as {
            id?: string | number | null;
            method?: unknown;
            params?: unknown;
          };
          if (typeof method === "string" && id !== undefined && id !== null) {
            // Checked here, in arrival order: a turn/start answer queued ahead of the request is already seen.
            if (this.ownership && !this.ownership(method, params)) {
              this.serverRequests.notOwned(method, params, id);
              return;
            }
            this.current = { id, params };
          }
          return next(message);
        },
      },
    });
    this.rpc.onNotification((method, params) => this.emitNotification({ method, params } as Notification));
    for (const method of SERVER_REQUEST_METHODS) {
      this.rpc.onRequest(method, () =>
        this.serverRequests.answer(method, this.current.params, this.current.id),
      );
    }
    this.rpc.onRequest((method: string, params: unknown) =>
      this.serverRequests.answerUnknown(method, params, this.current.id),
    );
    this.rpc.onClose(() => void this.handleClose(true));
    this.rpc.listen();
  }

  /**
   * The `initialize` result with the server's `serverInfo`. Throws until {@link AppServerConnection.initialize}
   * has resolved.
   */
  get metadata(): InitializeMetadata {
    if (!this.initializeResult)
      throw new CodexError("The connection is not initialized yet; call initialize() first");
    return this.initializeResult;
  }

  /** Whether the stream has closed (or {@link AppServerConnection.close} was called). */
  get isClosed(): boolean {
    return this.closeError !== undefined;
  }

  /** Starts the transport (connects, spawns). Idempotent; {@link AppServerConnection.initialize} calls it. */
  start(): Promise<void> {
    this.started ??= this.transport.start();
    return this.started;
  }

  /**
   * Starts the transport, then sends `initialize` and `initialized`. Resolves with the server's metadata,
   * `serverInfo` included. Rejects with {@link UnsupportedServerError} (and sends no `initialized`) when the
   * server does not say who it is or is older than `MINIMUM_CODEX_VERSION`; the caller should then close the
   * connection.
   */
  async initialize(options?: RequestOptions): Promise<InitializeMetadata> {
    await this.start();
    const result = await this.request(
      "initialize",
      {
        clientInfo: {
          name: this.options.clientInfo.name,
          version: this.options.clientInfo.version,
          title: this.options.clientInfo.title ?? null,
        },
        capabilities: this.options.capabilities ?? { experimentalApi: true, requestAttestation: false },
      },
      options,
    );
    const metadata = initializeMetadataOf(result);
    checkServerVersion(metadata.serverInfo);
    await this.notify("initialized");
    this.initializeResult = metadata;
    return metadata;
  }

  /**
   * Calls a client method. Params are sent as given (`{}` when omitted) except for param-less methods.
   * JSON-RPC errors reject with a mapped {@link JsonRpcError} subclass; a closed stream with the close error.
   */
  request<M extends ClientMethod>(
    method: M,
    params?: ClientParams<M>,
    options?: RequestOptions,
  ): Promise<ClientResult<M>> {
    if (this.closeError) return Promise.reject(this.closeError);
    // The stream closed but the close error is still being built: fail with it, not with vscode-jsonrpc's.
    if (this.closing) return this.closing.then((error) => Promise.reject(error));
    const signal = options?.signal;
    if (signal?.aborted)
      return Promise.reject(new AbortError(`${method} aborted before it was sent`, { cause: signal.reason }));
    const paramless = (PARAMLESS_CLIENT_METHODS as readonly string[]).includes(method);
    if (paramless && params !== undefined) {
      return Promise.reject(new InvalidInputError(`${method} takes no params`));
    }
    return new Promise<ClientResult<M>>((resolve, reject) => {
      const settler: Settler = { reject };
      const onAbort = () => {
        this.pending.delete(settler);
        reject(new AbortError(`${method} aborted`, { cause: signal?.reason }));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.pending.add(settler);
      const sent = paramless ? this.rpc.sendRequest(method) : this.rpc.sendRequest(method, params ?? {});
      sent.then(
        (result) => {
          this.pending.delete(settler);
          signal?.removeEventListener("abort", onAbort);
          resolve(result as ClientResult<M>);
        },
        (error: unknown) => {
          this.pending.delete(settler);
          signal?.removeEventListener("abort", onAbort);
          reject(this.mapError(error, method));
        },
      );
    });
  }

  /** Sends a client notification (only `initialized` exists today). */
  async notify(method: "initialized"): Promise<void> {
    if (this.closeError) throw this.closeError;
    if (this.closing) throw await this.closing;
    await this.rpc.sendNotification(method);
  }

  /** Subscribes to every notification, in arrival order. Returns the unsubscribe function. */
  onNotification(listener: (notification: Notification) => void): () => void {
    return this.notificationListeners.add(listener);
  }

  /** Subscribes to a report of every server request and how it was answered. */
  onServerRequest(listener: (event: ServerRequestEvent) => void): () => void {
    return this.serverRequests.listeners.add(listener);
  }

  /** Subscribes to the connection closing; the listener gets the error pending calls failed with. */
  onClose(listener: (error: CodexError) => void): () => void {
    return this.closeListeners.add(listener);
  }

  /**
   * Registers the handler for one server request method, replacing any previous one. Without a handler
   * the fail-closed default answers (see `SERVER_REQUEST_DEFAULTS`). Returns a function that removes it.
   */
  setRequestHandler<M extends ServerRequestMethod>(method: M, handler: ServerRequestHandler<M>): () => void {
    return this.serverRequests.setHandler(method, handler);
  }

  /**
   * On a server shared by several clients every subscriber of a thread gets every server request of it,
   * and the first answer wins. `ownership` decides which requests this client answers; the others are
   * left unanswered for their owner (no fail-closed default) and reported with `answeredBy: "notOwned"`.
   */
  setRequestOwnership(ownership: RequestOwnership | undefined): void {
    this.ownership = ownership;
  }

  /**
   * Settles everything pending with {@link TransportClosedError}, then closes the transport (a process:
   * ends stdin, then signals; a socket: a normal close). Idempotent.
   */
  async close(): Promise<void> {
    if (!this.closeError) {
      this.closing ??= Promise.resolve(new TransportClosedError("The connection was closed by the client"));
      await this.handleClose();
    }
    try {
      await this.transport.close();
    } catch {
      // already closed
    }
    this.disposed = true;
    this.rpc.dispose();
  }

  /** Hands a notification to listeners; a withdrawn server request also aborts its pending handler. */
  private emitNotification(notification: Notification): void {
    if (notification.method === "serverRequest/resolved")
      this.serverRequests.withdrawn(notification.params.requestId);
    this.notificationListeners.emit(notification);
  }

  /**
   * The notification fast path. vscode-jsonrpc queues every incoming message and dispatches one per
   * macrotask (a setImmediate, a LinkedMap entry and a chain of promises each), which capped dispatch at
   * tens of thousands of messages per second. A notification with nothing queued ahead of it is
   * delivered here, synchronously, to the same listeners and in the same order; anything else (responses,
   * server requests, `$/` notifications, or a notification behind any of them) takes vscode-jsonrpc's queue.
   * Returns true when the message was delivered.
   */
  private deliverDirectly(message: Message): boolean {
    const { method, id } = message as { method?: unknown; id?: unknown };
    if (
      this.queued === 0 &&
      !this.delivering &&
      !this.disposed &&
      id === undefined &&
      typeof method === "string" &&
      !method.startsWith("$/")
    ) {
      this.delivering = true;
      try {
        this.emitNotification({ method, params: (message as { params?: unknown }).params } as Notification);
      } finally {
        this.delivering = false;
      }
      return true;
    }
    this.queued++;
    return false;
  }

  /** Waits until vscode-jsonrpc's incoming queue is empty: a tick in which it dispatched nothing. */
  private async drainIncoming(): Promise<void> {
    const tick = () => new Promise<void>((resolve) => RAL().timer.setImmediate(resolve));
    let seen: number;
    do {
      seen = this.dispatched;
      await tick();
    } while (this.dispatched !== seen);
  }

  private mapError(error: unknown, method: string): unknown {
    if (error instanceof ResponseError) {
      // -32097 (disposed) / -32099 (write failed) mean the connection is gone, not a server answer.
      if ((error.code === -32097 || error.code === -32099) && this.closeError) return this.closeError;
      if (error.code === -32099) {
        return new TransportClosedError(`Could not send ${method} to codex app-server: ${error.message}`, {
          cause: error,
        });
      }
      return mapJsonRpcError(error.code, error.message, error.data, method);
    }
    return this.closeError ?? error;
  }

  /**
   * Settles everything pending with the close error. When the stream closed, the messages that arrived
   * before the close are dispatched first (vscode-jsonrpc dispatches one per tick), so a response or a
   * `turn/completed` sent just before the server exited is not lost to the close.
   */
  private handleClose(streamClosed = false): Promise<CodexError> {
    this.closing ??= (async () => {
      if (streamClosed) await this.drainIncoming();
      try {
        const close = this.transportClose ?? { byClient: false };
        if (this.options.describeClose) return await this.options.describeClose(this.streamError, close);
        if (this.transport.describeClose) return await this.transport.describeClose(close);
        return defaultCloseError(this.transport.endpoint, close);
      } catch (error) {
        return new TransportClosedError(undefined, { cause: error });
      }
    })();
    return this.closing.then((error) => {
      if (this.closeError) return this.closeError;
      this.closeError = error;
      for (const settler of this.pending) settler.reject(error);
      this.pending.clear();
      this.serverRequests.closeAll(error);
      this.closeListeners.emit(error);
      this.closeListeners.clear();
      return error;
    });
  }
}

/** The close error of a transport that does not describe its own: it names the endpoint and close code. */
function defaultCloseError(endpoint: string, close: TransportClose): TransportClosedError {
  const code = close.code === undefined ? "" : ` with code ${close.code}`;
  const reason = close.reason ? ` (${close.reason})` : "";
  return new TransportClosedError(`The connection to ${endpoint} closed${code}${reason}`, {
    endpoint,
    ...(close.code === undefined ? {} : { closeCode: close.code }),
    ...(close.error ? { cause: close.error } : {}),
  });
}
