import type { MessageConnection } from "vscode-jsonrpc";
import {
  AbortError,
  CodexError,
  InvalidInputError,
  MalformedMessageError,
  TransportClosedError,
} from "../errors.js";
import { PARAMLESS_CLIENT_METHODS } from "../generated/methods.js";
import type {
  ClientMethod,
  ClientParams,
  ClientResult,
  Notification,
  ServerRequestMethod,
} from "../protocol/methods.js";
import type { InitializeMetadata } from "../server/server-info.js";
import { checkServerVersion, initializeMetadataOf } from "../server/version-policy.js";
import type { Transport, TransportClose } from "../transport/transport.js";
import { TransportMessageReader } from "../transport/transport-message-reader.js";
import { TransportMessageWriter } from "../transport/transport-message-writer.js";
import { describeConnectionClose, requestErrorOf } from "./connection-errors.js";
import type { ConnectionOptions, RequestOptions } from "./connection-options.js";
import { createRpcConnection, ensureJsonRpcRuntime, IncomingQueue } from "./jsonrpc-seam.js";
import { Listeners } from "./listeners.js";
import { PendingCalls } from "./pending-calls.js";
import { SERVER_REQUEST_METHODS } from "./server-request-defaults.js";
import {
  type RequestOwnership,
  responseTo,
  ServerRequestDispatcher,
  type ServerRequestEvent,
  type ServerRequestHandler,
} from "./server-request-dispatcher.js";

/** The server request methods the pinned protocol defines (the others are answered "method not found"). */
const KNOWN_SERVER_REQUESTS: ReadonlySet<string> = new Set(SERVER_REQUEST_METHODS);

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
  private readonly writer: TransportMessageWriter;
  private readonly serverRequests = new ServerRequestDispatcher();
  private readonly pending = new PendingCalls();
  private readonly notificationListeners = new Listeners<Notification>();
  private readonly closeListeners = new Listeners<CodexError>();
  private closeError: CodexError | undefined;
  private closing: Promise<CodexError> | undefined;
  private initializeResult: InitializeMetadata | undefined;
  private readonly incoming = new IncomingQueue({
    notification: (notification) => this.emitNotification(notification),
    request: (id, method, params) => this.answerServerRequest(id, method, params),
  });
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
      intercept: (message) => this.incoming.deliverDirectly(message),
      onTransportClose: (close) => {
        this.transportClose = close;
        if (close.error) this.streamError = close.error;
      },
    });
    reader.onError((error) => {
      if (!(error instanceof MalformedMessageError)) this.streamError = error;
    });
    const writer = new TransportMessageWriter(transport);
    this.writer = writer;
    // vscode-jsonrpc, with codexkit's server-request answering and fast path (see jsonrpc-seam.ts)
    this.rpc = createRpcConnection(reader, writer, this.incoming, (id, method, params) =>
      this.answerServerRequest(id, method, params),
    );
    this.rpc.onNotification((method, params) => this.emitNotification({ method, params } as Notification));
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
   * Calls a client method. Params are sent as given (`{}` when omitted) except for param-less methods;
   * `options.trace` goes on the envelope (codex then joins that trace).
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
    const envelope = options?.trace ? { trace: options.trace } : undefined;
    return this.pending.track<ClientResult<M>>(
      method,
      signal,
      () =>
        this.writer.withEnvelopeFields(envelope, () =>
          paramless ? this.rpc.sendRequest(method) : this.rpc.sendRequest(method, params ?? {}),
        ),
      (error) => requestErrorOf(error, method, this.closeError),
    );
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
    this.incoming.stop();
    this.rpc.dispose();
  }

  /**
   * Answers one server request and sends the response (shaped as vscode-jsonrpc shapes one). Called in
   * arrival order, so a `turn/start` answer that arrived before the request has been seen by `ownership`.
   * A request another client owns is reported and left unanswered.
   */
  private answerServerRequest(id: string | number, method: string, params: unknown): void {
    if (this.ownership && !this.ownership(method, params)) {
      this.serverRequests.notOwned(method, params, id);
      return;
    }
    const answer = KNOWN_SERVER_REQUESTS.has(method)
      ? this.serverRequests.answer(method as ServerRequestMethod, params, id)
      : this.serverRequests.answerUnknown(method, params, id);
    // A failed write means the transport closed: its close rejects everything pending.
    void Promise.resolve(answer)
      .then((value) => {
        if (!this.closeError && !this.closing) return this.transport.send(responseTo(id, value));
      })
      .catch(() => {});
  }

  /** Hands a notification to listeners; a withdrawn server request also aborts its pending handler. */
  private emitNotification(notification: Notification): void {
    if (notification.method === "serverRequest/resolved")
      this.serverRequests.withdrawn(notification.params.requestId);
    this.notificationListeners.emit(notification);
  }

  /**
   * Settles everything pending with the close error. When the stream closed, the messages that arrived
   * before the close are dispatched first (vscode-jsonrpc dispatches one per tick), so a response or a
   * `turn/completed` sent just before the server exited is not lost to the close.
   */
  private handleClose(streamClosed = false): Promise<CodexError> {
    this.closing ??= (async () => {
      if (streamClosed) await this.incoming.drain();
      const close = this.transportClose ?? { byClient: false };
      return describeConnectionClose(this.transport, this.options.describeClose, this.streamError, close);
    })();
    return this.closing.then((error) => {
      if (this.closeError) return this.closeError;
      this.closeError = error;
      this.pending.rejectAll(error);
      this.serverRequests.closeAll(error);
      this.closeListeners.emit(error);
      this.closeListeners.clear();
      return error;
    });
  }
}
