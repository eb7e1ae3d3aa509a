import type { ClientInfo, MalformedMessageError, TurnError } from "@codexkit/core";
import {
  type AccountLoginCompletedNotification,
  AppServerConnection,
  AsyncQueue,
  type ClientMethod,
  type ClientParams,
  type ClientResult,
  type CodexError,
  type InitializeCapabilities,
  type Notification,
  type RequestOptions,
  type ServerRequestEvent,
  type Transport,
  TransportClosedError,
  TurnRouter,
} from "@codexkit/core";
import { AccountCheck } from "./account-check.js";
import type { RequestHandlers, StartedItem } from "./approvals.js";
import { ClientOwnership } from "./client-ownership.js";
import type { ThreadHost } from "./lifecycle/thread-host.js";
import { redactError, redactSecrets } from "./process/redact.js";
import { ReconnectingTransport } from "./reconnect/reconnecting-transport.js";
import { isTurnReconnectedEvent } from "./reconnect/turn-reconnected-event.js";
import { installRequestHandlers } from "./request-handlers.js";
import { ToolCallHandler } from "./tools/tool-call-handler.js";
import { delay } from "./util/delay.js";
import { type CodexWarning, deliverWarning } from "./warnings.js";

/** Login completions kept for logins nobody waits on yet. */
const MAX_EARLY_LOGINS = 16;

/** Where handlers are looked up: a turn's, then its thread's, then the client's. */
interface HandlerScopes {
  turns: Map<string, RequestHandlers>;
  threads: Map<string, RequestHandlers>;
  client: RequestHandlers;
}

/**
 * One connected app-server (over any transport) and everything attached to it: the connection, the turn router, handler scopes,
 * turn-completion tracking, login waiters and the item cache approvals need. Internal to @codexkit/node.
 */
export class Session {
  readonly connection: AppServerConnection;
  readonly router = new TurnRouter();
  readonly scopes: HandlerScopes;
  private readonly completionWaiters = new Map<string, Array<() => void>>();
  /** Turns seen in `turn/started` and not completed yet, and who waits for a turn to start. */
  private readonly activeTurns = new Set<string>();
  private readonly startWaiters = new Map<string, Array<() => void>>();
  private readonly loginQueues = new Map<string, AsyncQueue<AccountLoginCompletedNotification>>();
  private readonly earlyLogins = new Map<string, AccountLoginCompletedNotification>();
  private readonly startedItems = new Map<string, { turnId: string; item: StartedItem }>();
  /**
   * Per thread id, the promise that settles when the thread's current operation (turn, goal, compaction)
   * is over. Kept here, not on `Thread`, so that every `Thread` object for one id shares one queue.
   */
  readonly threadTails = new Map<string, Promise<void>>();
  /** Whether codex is logged in where its provider needs it: checked before the first turn, cached. */
  readonly accountCheck = new AccountCheck(this);
  private readonly listeners = new Set<(n: Notification) => void>();
  private readonly onWarning: ((warning: CodexWarning) => void) | undefined;
  /** What this client owns on a server other clients may share; unused over an exclusive transport. */
  private readonly ownership = new ClientOwnership();
  private readonly shared: boolean;
  private readonly activityListeners = new Set<() => void>();
  private requestsInFlight = 0;
  /** Runs client-defined tools (`item/tool/call`) for the threads they are bound to. */
  readonly tools: ToolCallHandler;
  /** Refuses a turn's `cwd` that cannot exist where the server runs; set by the client (no check by default). */
  checkDirectory: (value: string | undefined, name: string, base?: string) => void = () => {};
  /** Makes threads ready before they use this session (reload, restart, turn slots); set by the client. */
  host: ThreadHost | undefined;
  private closeError: CodexError | undefined;

  private resolveClosed!: (error: CodexError) => void;
  /** Resolves with the close error once the connection has closed. */
  private readonly whenClosed = new Promise<CodexError>((resolve) => {
    this.resolveClosed = resolve;
  });
  /** Redacts the secrets the client knows of (API keys, bearer tokens, secret-looking environment values). */
  private readonly redact: (text: string) => string;

  constructor(
    readonly transport: Transport,
    options: {
      clientInfo: ClientInfo;
      capabilities: InitializeCapabilities;
      handlers: RequestHandlers;
      onMalformedMessage?: ((error: MalformedMessageError) => void) | undefined;
      onWarning?: ((warning: CodexWarning) => void) | undefined;
      secrets: () => readonly string[];
      toolTimeoutMs?: number | undefined;
    },
  ) {
    this.onWarning = options.onWarning;
    this.redact = (text) => redactSecrets(text, options.secrets());
    this.scopes = { turns: new Map(), threads: new Map(), client: options.handlers };
    this.connection = new AppServerConnection(transport, {
      clientInfo: options.clientInfo,
      capabilities: options.capabilities,
      ...(options.onMalformedMessage
        ? { onMalformedMessage: redactedHook(options.onMalformedMessage, this.redact) }
        : {}),
    });
    this.shared = transport.exclusive !== true;
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
    installRequestHandlers(this.connection, {
      handlersFor: (threadId, turnId) => this.handlersFor(threadId, turnId),
      startedItem: (itemId) => this.startedItems.get(itemId)?.item,
    });
    this.tools = new ToolCallHandler({ redact: this.redact, toolTimeoutMs: options.toolTimeoutMs });
    this.tools.install(this.connection);
  }

  /** Typed request on the connection. */
  request<M extends ClientMethod>(
    method: M,
    params?: ClientParams<M>,
    options?: RequestOptions,
  ): Promise<ClientResult<M>> {
    if (this.shared) this.ownership.noteRequest(method, params);
    const sent = this.connection.request(method, params, options);
    const noted = this.shared
      ? sent.then(
          (result) => {
            this.ownership.noteResponse(method, params, result);
            this.ownership.noteSettled(method, params);
            return result;
          },
          (error: unknown) => {
            this.ownership.noteSettled(method, params);
            throw error;
          },
        )
      : sent;
    this.requestsInFlight++;
    this.activity();
    return noted
      .catch(async (error: unknown) => {
        // A write that failed because the server is dying (EPIPE) is reported as the exit itself (code,
        // signal, stderr tail) once that is known, not as the broken pipe.
        if (error instanceof TransportClosedError && !this.closeError && !this.reconnects) {
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
      this.requestsInFlight > 0 ||
      this.threadTails.size > 0 ||
      this.activeTurns.size > 0 ||
      this.loginQueues.size > 0
    );
  }

  /** Calls `listener` whenever {@link Session.busy} may have changed (requests, notifications). */
  onActivity(listener: () => void): () => void {
    this.activityListeners.add(listener);
    return () => this.activityListeners.delete(listener);
  }

  private activity(): void {
    for (const listener of this.activityListeners) listener();
  }

  /** Subscribes to every notification. */
  onNotification(listener: (n: Notification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
    deliverWarning(this.onWarning, warning);
  }

  /** Resolves once `turn/completed` for `turnId` has been seen (or the connection closed). */
  whenTurnCompleted(turnId: string): Promise<void> {
    if (this.closeError || this.router.hasCompleted(turnId)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.completionWaiters.get(turnId);
      if (waiters) waiters.push(resolve);
      else this.completionWaiters.set(turnId, [resolve]);
    });
  }

  /**
   * Resolves once `turn/started` for `turnId` has been seen (or the turn completed, or the connection
   * closed). `turn/start` answers before the turn is active, and the server refuses to interrupt it until then.
   */
  whenTurnStarted(turnId: string): Promise<void> {
    if (this.closeError || this.activeTurns.has(turnId) || this.router.hasCompleted(turnId)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const waiters = this.startWaiters.get(turnId);
      if (waiters) waiters.push(resolve);
      else this.startWaiters.set(turnId, [resolve]);
    });
  }

  /** The queue of `account/login/completed` for one login attempt (buffered if it came first). */
  loginQueue(loginId: string): AsyncQueue<AccountLoginCompletedNotification> {
    let queue = this.loginQueues.get(loginId);
    if (!queue) {
      queue = new AsyncQueue();
      if (this.closeError) queue.fail(this.closeError);
      this.loginQueues.set(loginId, queue);
      const early = this.earlyLogins.get(loginId);
      if (early) {
        this.earlyLogins.delete(loginId);
        queue.push(early);
      }
    }
    return queue;
  }

  forgetLogin(loginId: string): void {
    this.loginQueues.delete(loginId);
    this.activity();
  }

  /** True over a transport that reconnects after drops (`CodexOptions.reconnect`). */
  private get reconnects(): boolean {
    return this.transport instanceof ReconnectingTransport;
  }

  /** Sizes of internal maps, for leak checks. */
  stats(): Record<string, number> {
    return {
      ...(this.transport instanceof ReconnectingTransport ? this.transport.stats() : {}),
      ...this.router.stats(),
      completionWaiters: this.completionWaiters.size,
      activeTurns: this.activeTurns.size,
      startWaiters: this.startWaiters.size,
      loginQueues: this.loginQueues.size,
      earlyLogins: this.earlyLogins.size,
      startedItems: this.startedItems.size,
      turnHandlers: this.scopes.turns.size,
      busyThreads: this.threadTails.size,
      ownedTurns: this.ownership.stats().ownedTurns ?? 0,
      ...this.tools.stats(),
    };
  }

  private dispatch(notification: Notification): void {
    // A reconnect's gap marker is for the turn's stream only, not for notification listeners.
    if (isTurnReconnectedEvent(notification)) {
      this.router.route(notification);
      return;
    }
    // A model error can quote the API key (e.g. a 401 body): redact turn errors before anyone sees them.
    if (notification.method === "error") redactTurnError(notification.params.error, this.redact);
    if (notification.method === "turn/completed")
      redactTurnError(notification.params.turn.error, this.redact);
    // Another client's thread on a shared server: its listeners see it, but it is neither routed nor kept.
    if (this.shared && !this.ownership.concerns(notification)) {
      this.emit(notification);
      return;
    }
    if (notification.method === "error" && notification.params.willRetry) {
      const { error, threadId, turnId } = notification.params;
      const details = error.additionalDetails ? ` (${error.additionalDetails})` : "";
      this.warn({
        code: "turn_retrying",
        message: `turn ${turnId} hit an error and the server is retrying: ${error.message}${details}`,
        threadId,
        turnId,
        turnError: error,
      });
    }
    switch (notification.method) {
      case "item/started": {
        const { item, turnId } = notification.params;
        if (item.type === "fileChange" || item.type === "commandExecution")
          this.startedItems.set(item.id, { turnId, item });
        break;
      }
      case "item/completed":
        this.startedItems.delete(notification.params.item.id);
        break;
      case "turn/started": {
        const turnId = notification.params.turn.id;
        this.activeTurns.add(turnId);
        this.resolveStartWaiters(turnId);
        break;
      }
      case "account/updated":
        this.accountCheck.clear();
        break;
      case "account/login/completed": {
        this.accountCheck.clear();
        const { loginId } = notification.params;
        if (loginId) {
          const queue = this.loginQueues.get(loginId);
          if (queue) queue.push(notification.params);
          else this.rememberEarlyLogin(loginId, notification.params);
        }
        break;
      }
    }
    if (!this.shared || this.ownership.routes(notification)) this.router.route(notification);
    this.emit(notification);
    if (notification.method === "turn/completed") this.turnCompleted(notification.params.turn.id);
    this.activity();
  }

  private emit(notification: Notification): void {
    for (const listener of this.listeners) {
      try {
        listener(notification);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Keeps a completion nobody waits for yet (bounded: abandoned logins must not accumulate). */
  private rememberEarlyLogin(loginId: string, completion: AccountLoginCompletedNotification): void {
    this.earlyLogins.set(loginId, completion);
    if (this.earlyLogins.size > MAX_EARLY_LOGINS) {
      const oldest = this.earlyLogins.keys().next().value;
      if (oldest !== undefined) this.earlyLogins.delete(oldest);
    }
  }

  private resolveStartWaiters(turnId: string): void {
    const waiters = this.startWaiters.get(turnId);
    this.startWaiters.delete(turnId);
    for (const resolve of waiters ?? []) resolve();
  }

  private turnCompleted(turnId: string): void {
    this.ownership.turnCompleted(turnId);
    this.activeTurns.delete(turnId);
    this.resolveStartWaiters(turnId);
    for (const [itemId, entry] of this.startedItems)
      if (entry.turnId === turnId) this.startedItems.delete(itemId);
    const waiters = this.completionWaiters.get(turnId);
    this.completionWaiters.delete(turnId);
    for (const resolve of waiters ?? []) resolve();
  }

  private fail(error: CodexError): void {
    this.closeError = error;
    this.resolveClosed(error);
    this.router.failAll(error);
    for (const queue of this.loginQueues.values()) queue.fail(error);
    for (const waiters of this.completionWaiters.values()) for (const resolve of waiters) resolve();
    this.completionWaiters.clear();
    for (const waiters of this.startWaiters.values()) for (const resolve of waiters) resolve();
    this.startWaiters.clear();
    this.activeTurns.clear();
    this.startedItems.clear();
    this.ownership.clearTurns();
  }

  private handlersFor(threadId: string, turnId: string | null): RequestHandlers[] {
    const scopes = [
      turnId === null ? undefined : this.scopes.turns.get(turnId),
      this.scopes.threads.get(threadId),
    ];
    return [...scopes, this.scopes.client].filter((h): h is RequestHandlers => h !== undefined);
  }
}

/** Wraps a malformed-line hook so the line it is shown has secrets redacted. */
function redactedHook(
  hook: (error: MalformedMessageError) => void,
  redact: (text: string) => string,
): (error: MalformedMessageError) => void {
  return (error) => hook(redactError(error, redact));
}

/** Redacts a turn error's texts in place. */
function redactTurnError(error: TurnError | null | undefined, redact: (text: string) => string): void {
  if (!error) return;
  error.message = redact(error.message);
  if (typeof error.additionalDetails === "string") error.additionalDetails = redact(error.additionalDetails);
}
