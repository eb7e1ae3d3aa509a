import {
  type AccountLoginCompletedNotification,
  AppServerConnection,
  type ClientInfo,
  type ClientMethod,
  type ClientParams,
  type ClientResult,
  type CodexError,
  type InitializeCapabilities,
  type MalformedMessageError,
  type Notification,
  type RequestOptions,
  type ServerRequestEvent,
  type Transport,
  TransportClosedError,
} from "@codexkit/core";
import { type AsyncQueue, Listeners, TurnRouter } from "@codexkit/core/internal";
import { AccountCheck } from "../account/account-check.js";
import { LoginQueues } from "../account/login-queues.js";
import type { RequestHandlers } from "../approvals/approvals.js";
import { type HandlerScopes, handlersFor, installRequestHandlers } from "../approvals/request-handlers.js";
import { type CodexWarning, deliverWarning, turnRetryingWarning } from "../client/warnings.js";
import { delay } from "../internal/async.js";
import { redactError, redactedHook, redactSecrets, redactTurnErrors } from "../internal/redact.js";
import type { ReconnectOwner } from "../reconnect/reconnect-owner.js";
import type { ReconnectingTransport } from "../reconnect/reconnecting-transport.js";
import { isTurnReconnectedEvent, type TurnReconnectedEvent } from "../reconnect/turn-reconnected-event.js";
import type { LogOptions } from "../telemetry/session-log.js";
import { createSessionTelemetry, type SessionTelemetry } from "../telemetry/session-telemetry.js";
import type { TelemetryOptions } from "../telemetry/telemetry-options.js";
import { ToolCallHandler } from "../tools/tool-call-handler.js";
import { ClientOwnership } from "./client-ownership.js";
import { SessionRecovery } from "./session-recovery.js";
import { Turns } from "./turns.js";

/** What a {@link Session} is opened with (from `CodexOptions`, see `openSession`). */
export interface SessionOptions {
  /** The `clientInfo` of `initialize`. */
  clientInfo: ClientInfo;
  /** The `capabilities` of `initialize`. */
  capabilities: InitializeCapabilities;
  /** The client's server-request handlers (approvals, questions, elicitations). */
  handlers: RequestHandlers;
  /** Told of each line that is not JSON-RPC (with secrets redacted). */
  onMalformedMessage?: ((error: MalformedMessageError) => void) | undefined;
  /** Told of each warning (`CodexOptions.onWarning`). */
  onWarning?: ((warning: CodexWarning) => void) | undefined;
  /** The secrets to redact from every error, asked for each time (the list grows with logins). */
  secrets: () => readonly string[];
  /** How long a client-defined tool may run (`CodexOptions.toolTimeoutMs`). */
  toolTimeoutMs?: number | undefined;
  /** Refuses a turn's `cwd` that cannot exist where the server runs (the client's check). */
  checkDirectory?: ((value: string | undefined, name: string, base?: string) => void) | undefined;
  /** Spans and metrics (`CodexOptions.telemetry`). */
  telemetry?: boolean | TelemetryOptions | undefined;
  /** The debug log (`CodexOptions.logger`, `logLevel`, `logContent`). */
  log?: LogOptions;
}

/**
 * The transport a {@link Session} speaks over: a ready one, or (`CodexOptions.reconnect`) a maker of a
 * reconnecting one, given the session's recovery as the owner of what a reconnect restores.
 */
export type SessionTransport = Transport | ((owner: ReconnectOwner) => ReconnectingTransport);

/**
 * How a resource namespace (`codex.fs`, `codex.mcp`, …) and thread search reach the app-server: the client's
 * connect-on-first-use, which starts it (or restarts an idle-stopped one) and resolves with the live session.
 */
export type SessionSource = () => Promise<Session>;

/**
 * One connected app-server (over any transport) and everything attached to it: the connection, the turn
 * router (each turn's events), the turn records (everything else a running turn holds: its waiters,
 * handlers, items, ownership and tool calls), handler scopes, login waiters and telemetry. Internal to
 * @codexkit/node.
 */
export class Session {
  readonly connection: AppServerConnection;
  readonly router = new TurnRouter();
  /** One record per turn, removed with the turn's cleanup when it completes or the connection closes. */
  readonly turns: Turns;
  /** The transport the session speaks over. */
  readonly transport: Transport;
  /** Over a reconnecting transport: what the session restores after a drop (undefined otherwise). */
  private readonly recovery: SessionRecovery | undefined;
  /** The reconnecting transport, when there is one. */
  private readonly reconnecting: ReconnectingTransport | undefined;
  readonly scopes: HandlerScopes;
  private readonly logins = new LoginQueues();
  /**
   * Per thread id, the promise that settles when the thread's current operation (turn, goal, compaction)
   * is over. Kept here, not on `Thread`, so that every `Thread` object for one id shares one queue.
   */
  readonly threadTails = new Map<string, Promise<void>>();
  /** Whether codex is logged in where its provider needs it: checked before the first turn, cached. */
  readonly accountCheck = new AccountCheck(this);
  private readonly listeners = new Listeners<Notification>();
  /** Every notification the session dispatched, a reconnect's gap events included (telemetry follows these). */
  private readonly dispatched = new Listeners<Notification>();
  private readonly onWarning: ((warning: CodexWarning) => void) | undefined;
  /** What this client owns on a server other clients may share; unused over an exclusive transport. */
  private readonly ownership: ClientOwnership;
  private readonly shared: boolean;
  private readonly activityListeners = new Listeners<void>();
  private requestsInFlight = 0;
  /** Runs client-defined tools (`item/tool/call`) for the threads they are bound to. */
  readonly tools: ToolCallHandler;
  /** Spans, metrics and the debug log of this session (`CodexOptions.telemetry`, `logger`). */
  readonly telemetry: SessionTelemetry;
  /** Refuses a turn's `cwd` that cannot exist where the server runs (the client's check; none by default). */
  readonly checkDirectory: (value: string | undefined, name: string, base?: string) => void;
  private closeError: CodexError | undefined;

  private resolveClosed!: (error: CodexError) => void;
  /** Resolves with the close error once the connection has closed. */
  private readonly whenClosed = new Promise<CodexError>((resolve) => {
    this.resolveClosed = resolve;
  });
  /** Redacts the secrets the client knows of (API keys, bearer tokens, secret-looking environment values). */
  private readonly redact: (text: string) => string;

  constructor(transport: SessionTransport, options: SessionOptions) {
    const reconnects = typeof transport === "function";
    this.turns = new Turns((turnId) => this.router.hasCompleted(turnId), reconnects);
    this.ownership = new ClientOwnership(this.turns);
    if (reconnects) {
      this.recovery = new SessionRecovery({
        turns: this.turns,
        initialize: () => this.connection.initialize(),
        request: (method, params) => this.connection.request(method, params),
        deliver: (notification) => this.dispatch(notification as Notification),
        hold: (work) => this.reconnecting?.hold(work),
      });
      this.reconnecting = transport(this.recovery);
      this.transport = this.reconnecting;
    } else {
      this.transport = transport;
    }
    this.onWarning = options.onWarning;
    this.checkDirectory = options.checkDirectory ?? (() => {});
    this.redact = (text) => redactSecrets(text, options.secrets());
    this.scopes = {
      turn: (turnId) => this.turns.handlersOf(turnId),
      threads: new Map(),
      client: options.handlers,
    };
    // Turns codex starts by itself are traced on this client's threads; on a shared server, on those it owns.
    this.telemetry = createSessionTelemetry(
      options.telemetry,
      options.log ?? {},
      this.redact,
      (threadId) => !this.shared || this.ownership.ownsThread(threadId),
    );
    this.connection = new AppServerConnection(this.telemetry.transport(this.transport), {
      clientInfo: options.clientInfo,
      capabilities: options.capabilities,
      ...(options.onMalformedMessage
        ? { onMalformedMessage: redactedHook(options.onMalformedMessage, this.redact) }
        : {}),
    });
    this.shared = this.transport.exclusive !== true;
    if (this.shared) {
      this.connection.setRequestOwnership((_method, params) =>
        this.ownership.owns(
          params,
          (threadId) => this.scopes.threads.has(threadId) || this.tools.has(threadId),
        ),
      );
    }
    this.connection.onNotification((n) => this.dispatch(n));
    this.connection.onClose((error) => this.fail(error));
    this.telemetry.attach(this.connection, (listener) => this.dispatched.add(listener));
    installRequestHandlers(this.connection, {
      handlersFor: (threadId, turnId) => handlersFor(this.scopes, threadId, turnId),
      startedItem: (turnId, itemId) => this.turns.startedItem(turnId, itemId),
    });
    this.tools = new ToolCallHandler({
      redact: this.redact,
      toolTimeoutMs: options.toolTimeoutMs,
      running: (turnId, requestId, controller) => this.turns.toolCallRunning(turnId, requestId, controller),
      inToolSpan: (turnId, callId, run) => this.telemetry.inTool(turnId, callId, run),
    });
    this.tools.install(this.connection);
  }

  /** Typed request on the connection. */
  request<M extends ClientMethod>(
    method: M,
    params?: ClientParams<M>,
    options?: RequestOptions,
  ): Promise<ClientResult<M>> {
    // While a reconnect recovers, the client's requests wait for it (the recovery's own go straight out).
    const recovering = this.recovery?.waiting();
    if (recovering) return recovering.then(() => this.request(method, params, options));
    const send = () =>
      this.telemetry.request(method, params, (trace) =>
        this.connection.request(method, params, trace ? { ...options, trace } : options),
      );
    // On a shared server, what the request and its answer say about what this client owns is noted.
    let noted = this.shared ? this.ownership.track(method, params, send) : send();
    // Over a reconnecting transport, the subscriptions a reconnect restores.
    if (this.recovery) noted = this.recovery.track(method, params, noted);
    this.requestsInFlight++;
    this.activity();
    return noted
      .catch(async (error: unknown) => {
        // A write that failed because the server is dying (EPIPE) is reported as the exit itself (code,
        // signal, stderr tail) once that is known, not as the broken pipe.
        if (error instanceof TransportClosedError && !this.closeError && !this.recovery) {
          const closed = await Promise.race([this.whenClosed, delay(1000)]);
          if (closed) throw closed;
        }
        throw redactError(error, this.redact);
      })
      .finally(() => {
        this.requestsInFlight--;
        this.activity();
      });
  }

  /** True while a request is in flight or a turn, goal, compaction or login is running on this session. */
  get busy(): boolean {
    return (
      this.requestsInFlight > 0 || this.threadTails.size > 0 || this.turns.active > 0 || this.logins.size > 0
    );
  }

  /** Calls `listener` whenever {@link Session.busy} may have changed (requests, notifications). */
  onActivity(listener: () => void): () => void {
    return this.activityListeners.add(listener);
  }

  private activity(): void {
    this.activityListeners.emit();
  }

  /** Subscribes to every notification. */
  onNotification(listener: (n: Notification) => void): () => void {
    return this.listeners.add(listener);
  }

  onServerRequest(listener: (event: ServerRequestEvent) => void): () => void {
    return this.connection.onServerRequest(listener);
  }

  get closed(): CodexError | undefined {
    return this.closeError;
  }

  /** Resolves with the close error once the connection has closed (at once if it already has). */
  untilClosed(): Promise<CodexError> {
    return this.whenClosed;
  }

  /** Hands a warning to `CodexOptions.onWarning` (if any). */
  warn(warning: CodexWarning): void {
    this.telemetry.warning(warning);
    deliverWarning(this.onWarning, warning);
  }

  /** Resolves once `turn/completed` for `turnId` has been seen (or the connection closed). */
  whenTurnCompleted(turnId: string): Promise<void> {
    if (this.closeError || this.router.hasCompleted(turnId)) return Promise.resolve();
    return this.turns.whenCompleted(turnId);
  }

  /**
   * Resolves once `turn/started` for `turnId` has been seen (or the turn completed, or the connection
   * closed). `turn/start` answers before the turn is active, and the server refuses to interrupt it until then.
   */
  whenTurnStarted(turnId: string): Promise<void> {
    if (this.closeError || this.turns.isActive(turnId) || this.router.hasCompleted(turnId)) {
      return Promise.resolve();
    }
    return this.turns.whenStarted(turnId);
  }

  /** The queue of `account/login/completed` for one login attempt (buffered if it came first). */
  loginQueue(loginId: string): AsyncQueue<AccountLoginCompletedNotification> {
    return this.logins.queue(loginId, this.closeError);
  }

  /** Nobody waits on `loginId` any more. */
  forgetLogin(loginId: string): void {
    this.logins.forget(loginId);
    this.activity();
  }

  /** Sizes of internal maps, for leak checks. */
  stats(): Record<string, number> {
    return {
      ...this.reconnecting?.stats(),
      ...this.recovery?.stats(),
      ...this.router.stats(),
      ...this.turns.stats(),
      ...this.logins.stats(),
      busyThreads: this.threadTails.size,
      ...this.tools.stats(),
      ...this.telemetry.stats(),
    };
  }

  private dispatch(notification: Notification): void {
    // A reconnect's gap marker is for the turn's stream only, not for notification listeners.
    if (isTurnReconnectedEvent(notification as Notification | TurnReconnectedEvent)) {
      this.router.route(notification);
      this.dispatched.emit(notification);
      return;
    }
    // An item or completion a reconnect already recovered is not delivered again.
    if (this.recovery && !this.recovery.admits(notification)) return;
    redactTurnErrors(notification, this.redact);
    // Another client's thread on a shared server: its listeners see it, but it is neither routed nor kept.
    if (this.shared && !this.ownership.concerns(notification)) {
      this.listeners.emit(notification);
      this.dispatched.emit(notification);
      // Its turn's record, if any (a tool call of it that this client runs), still goes at its completion.
      if (notification.method === "turn/completed") this.turns.complete(notification.params.turn.id);
      return;
    }
    if (notification.method === "error" && notification.params.willRetry)
      this.warn(turnRetryingWarning(notification.params));
    switch (notification.method) {
      case "item/started":
        this.turns.itemStarted(notification.params.turnId, notification.params.item);
        break;
      case "item/completed":
        this.turns.itemCompleted(notification.params.turnId, notification.params.item.id);
        break;
      case "turn/started":
        this.turns.started(notification.params.turn.id, notification.params.threadId);
        break;
      case "account/updated":
        this.accountCheck.clear();
        break;
      case "account/login/completed": {
        this.accountCheck.clear();
        const { loginId } = notification.params;
        if (loginId) this.logins.completed(loginId, notification.params);
        break;
      }
    }
    if (!this.shared || this.ownership.routes(notification)) this.router.route(notification);
    this.listeners.emit(notification);
    this.dispatched.emit(notification);
    // The turn's cleanup: its record goes, waiters are told, its running tool calls abort.
    if (notification.method === "turn/completed") this.turns.complete(notification.params.turn.id);
    this.activity();
  }

  private fail(error: CodexError): void {
    this.closeError = error;
    this.recovery?.closed();
    this.resolveClosed(error);
    this.router.failAll(error);
    this.logins.fail(error);
    this.turns.closeAll();
  }
}
