import {
  type ClientMethod,
  type ClientParams,
  type ClientResult,
  type CodexError,
  type GetAccountResponse,
  type InitializeResponse,
  InvalidInputError,
  type ModelListResponse,
  ApprovalMode as Modes,
  type Notification,
  type RequestOptions,
  type ServerRequestEvent,
  type ThreadArchiveResponse,
  type ThreadInfo,
  type ThreadListResponse,
  TransportClosedError,
  threadApprovalFields,
} from "@codexkit/core";
import { pickHandlers, type RequestHandlers } from "./approvals.js";
import type { CodexOptions } from "./codex-options.js";
import type { CodexActivity } from "./lifecycle/codex-activity.js";
import { checkLifecycleOptions, lifecycleConfigOverrides } from "./lifecycle/lifecycle-options.js";
import { ThreadLifecycle } from "./lifecycle/thread-lifecycle.js";
import { checkLocalDirectory } from "./local-directory.js";
import { ChatgptLoginHandle, DeviceCodeLoginHandle } from "./login.js";
import { checkPreset, presetConfigOverrides, withPresetThreadDefaults } from "./presets.js";
import { AppServerProcess } from "./process/app-server-process.js";
import { resolveCodexBinary } from "./process/binary-resolution.js";
import { ProcessExitedError, StartupError } from "./process/errors.js";
import { keepAliveWhileBusy } from "./process/keep-alive.js";
import { secretValuesOf } from "./process/redact.js";
import { Session } from "./session.js";
import { Thread } from "./thread.js";
import { rethrowNotStored } from "./thread-not-stored.js";
import {
  checkThreadId,
  type ThreadForkOptions,
  type ThreadResumeOptions,
  type ThreadStartOptions,
  wireFields,
} from "./thread-options.js";
import { type ThreadRuntimeSettings, threadSettingsOf } from "./thread-settings.js";
import { bindThreadTools, checkClientTools, threadTools } from "./tools/thread-tools.js";
import type { ToolRegistry } from "./tools/tool-registry.js";
import { checkBooleans, checkCodexOptions, checkOptionsObject, checkThreadSettings } from "./validation.js";
import { VERSION } from "./version.js";

/**
 * A client of one `codex app-server` process: start, resume and fork threads, list models, log in.
 * The process starts lazily on first use (or explicitly with {@link Codex.start}) and stops with
 * {@link Codex.close} — or automatically with `await using`.
 *
 * @example
 * ```ts
 * await using codex = new Codex();
 * const thread = await codex.threadStart({ model: "gpt-5.5" });
 * const result = await thread.run("Say hello in one sentence.");
 * console.log(result.finalResponse);
 * ```
 */
export class Codex implements AsyncDisposable {
  private session: Session | undefined;
  private starting: Promise<Session> | undefined;
  private closed = false;
  private readonly secrets: string[] = [];
  private readonly notificationListeners = new Set<(n: Notification) => void>();
  private readonly serverRequestListeners = new Set<(e: ServerRequestEvent) => void>();
  private readonly lifecycle: ThreadLifecycle;

  constructor(private readonly options: CodexOptions = {}) {
    checkCodexOptions(options);
    checkPreset(options);
    checkClientTools(options);
    checkLifecycleOptions(options);
    this.lifecycle = ThreadLifecycle.for(this, options, {
      ensureSession: () => this.ensureSession(),
      stopIdle: () => this.stopIdle(),
      isClosed: () => this.closed,
    });
  }

  /** Starts the app-server and completes `initialize` (idempotent). Other methods call it for you. */
  async start(): Promise<this> {
    await this.ensureSession();
    return this;
  }

  /** The `initialize` result. Throws before the client has started. */
  get metadata(): InitializeResponse {
    if (!this.session) throw new StartupError("Codex has not started yet; await codex.start() first");
    return this.session.connection.metadata;
  }

  /** The app-server's pid, once started. */
  get pid(): number | undefined {
    return this.session?.process.pid;
  }

  /** Whether the client was closed or its app-server exited. */
  get isClosed(): boolean {
    return this.closed || this.session?.closed !== undefined;
  }

  /**
   * Starts a thread (`thread/start`). Approval mode defaults to `autoReview`, as upstream. With the
   * `"throughput"` preset the thread is ephemeral unless `options.ephemeral` says otherwise.
   */
  async threadStart(options: ThreadStartOptions = {}): Promise<Thread> {
    checkThreadSettings(options);
    checkLocalDirectory(options.cwd, "cwd", this.options.cwd);
    const approval = threadApprovalFields(options.approvalMode ?? Modes.autoReview, options.sandbox);
    const tools = threadTools(this.options, options.tools);
    const session = await this.ensureSession();
    const wire = wireFields(withPresetThreadDefaults(this.options.preset, options));
    const response = await session.request("thread/start", {
      ...wire,
      ...approval,
      ...(tools ? { dynamicTools: tools.toWire() } : {}),
    });
    return this.attach(session, response, options, tools);
  }

  /** Lists threads (`thread/list`); see `ThreadListParams` for filters and paging. */
  async threadList(params: ClientParams<"thread/list"> = {}): Promise<ThreadListResponse> {
    return (await this.ensureSession()).request("thread/list", params);
  }

  /**
   * Resumes a stored thread (`thread/resume`). Omitted settings keep the thread's stored ones. A thread codex
   * has no rollout of (an ephemeral one, one with no turn yet, an unknown id) is refused with
   * {@link ThreadNotStoredError}.
   */
  async threadResume(threadId: string, options: ThreadResumeOptions = {}): Promise<Thread> {
    checkThreadId(threadId);
    checkThreadSettings(options);
    checkLocalDirectory(options.cwd, "cwd", this.options.cwd);
    const approval = threadApprovalFields(options.approvalMode, options.sandbox);
    const tools = threadTools(this.options, options.tools);
    const session = await this.ensureSession();
    const response = await session
      .request("thread/resume", {
        threadId,
        ...wireFields(options),
        ...approval,
      })
      .catch(rethrowNotStored(threadId));
    return this.attach(session, response, options, tools);
  }

  /**
   * Forks a thread into a new one (`thread/fork`). Omitted settings keep the source's. A source codex has no
   * rollout of (an ephemeral one, one with no turn yet, an unknown id) is refused with {@link ThreadNotStoredError}.
   */
  async threadFork(threadId: string, options: ThreadForkOptions = {}): Promise<Thread> {
    checkThreadId(threadId);
    checkThreadSettings(options);
    checkLocalDirectory(options.cwd, "cwd", this.options.cwd);
    const approval = threadApprovalFields(options.approvalMode, options.sandbox);
    const tools = threadTools(this.options, options.tools);
    const session = await this.ensureSession();
    const response = await session
      .request("thread/fork", { threadId, ...wireFields(options), ...approval })
      .catch(rethrowNotStored(threadId));
    return this.attach(session, response, options, tools);
  }

  /** Archives a thread (`thread/archive`). */
  async threadArchive(threadId: string): Promise<ThreadArchiveResponse> {
    checkThreadId(threadId);
    return (await this.ensureSession()).request("thread/archive", { threadId });
  }

  /** Restores an archived thread (`thread/unarchive`). */
  async threadUnarchive(threadId: string): Promise<Thread> {
    checkThreadId(threadId);
    const session = await this.ensureSession();
    const { thread } = await session.request("thread/unarchive", { threadId });
    return new Thread(session, thread.id, thread);
  }

  /** Lists models (`model/list`). */
  async models(options: { includeHidden?: boolean } = {}): Promise<ModelListResponse> {
    checkOptionsObject(options, "models options");
    checkBooleans(options, ["includeHidden"]);
    return (await this.ensureSession()).request("model/list", {
      includeHidden: options.includeHidden ?? false,
    });
  }

  /** Logs in with an API key (`account/login/start`). The key is redacted from every error and stderr tail. */
  async loginApiKey(apiKey: string): Promise<void> {
    if (typeof apiKey !== "string" || apiKey.trim() === "")
      throw new InvalidInputError("apiKey must be a non-empty string");
    this.secrets.push(apiKey);
    const session = await this.ensureSession();
    const response = await session.request("account/login/start", { type: "apiKey", apiKey });
    if (response.type !== "apiKey")
      throw new InvalidInputError(`unexpected login response type ${response.type}`);
    session.accountCheck.clear();
  }

  /** Starts a browser ChatGPT login; open `handle.authUrl`, then `await handle.wait()`. */
  async loginChatgpt(): Promise<ChatgptLoginHandle> {
    const session = await this.ensureSession();
    const response = await session.request("account/login/start", { type: "chatgpt" });
    if (response.type !== "chatgpt")
      throw new InvalidInputError(`unexpected login response type ${response.type}`);
    session.loginQueue(response.loginId);
    return new ChatgptLoginHandle(session, response.loginId, response.authUrl);
  }

  /** Starts a device-code ChatGPT login; show `handle.verificationUrl` and `handle.userCode`. */
  async loginChatgptDeviceCode(): Promise<DeviceCodeLoginHandle> {
    const session = await this.ensureSession();
    const response = await session.request("account/login/start", { type: "chatgptDeviceCode" });
    if (response.type !== "chatgptDeviceCode")
      throw new InvalidInputError(`unexpected login response type ${response.type}`);
    session.loginQueue(response.loginId);
    return new DeviceCodeLoginHandle(session, response.loginId, response.verificationUrl, response.userCode);
  }

  /** Reads the account (`account/read`). */
  async account(options: { refreshToken?: boolean } = {}): Promise<GetAccountResponse> {
    checkOptionsObject(options, "account options");
    checkBooleans(options, ["refreshToken"]);
    return (await this.ensureSession()).request("account/read", {
      refreshToken: options.refreshToken ?? false,
    });
  }

  /** Logs out (`account/logout`). */
  async logout(): Promise<void> {
    const session = await this.ensureSession();
    await session.request("account/logout");
    session.accountCheck.clear();
  }

  /** Any client method, typed from the generated protocol: the escape hatch for what has no wrapper. */
  async request<M extends ClientMethod>(
    method: M,
    params?: ClientParams<M>,
    options?: RequestOptions,
  ): Promise<ClientResult<M>> {
    return (await this.ensureSession()).request(method, params, options);
  }

  /** Subscribes to every notification from the server (all threads and turns). */
  onNotification(listener: (notification: Notification) => void): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  /**
   * Subscribes to a report of every server request (approvals, questions, …) and how it was answered:
   * by your handler, or by the fail-closed default when none was registered or it threw.
   */
  onServerRequest(listener: (event: ServerRequestEvent) => void): () => void {
    this.serverRequestListeners.add(listener);
    return () => this.serverRequestListeners.delete(listener);
  }

  /** How busy this client is: running and queued turns, loaded threads (see `maxLoadedThreads`). */
  activity(): CodexActivity {
    return this.lifecycle.activity();
  }

  /** Sizes of internal maps (router queues, waiters, caches), for leak checks. */
  stats(): Record<string, number> {
    return this.session?.stats() ?? {};
  }

  /**
   * Stops the app-server: ends its stdin, then SIGTERM, then SIGKILL, each after a timeout. Pending calls
   * and running turns reject with {@link TransportClosedError}. Idempotent.
   */
  async close(): Promise<void> {
    this.closed = true;
    const session = this.session ?? (await this.starting?.catch(() => undefined));
    if (!session) return;
    await session.connection.close();
    await session.process.close(this.options.closeTimeouts);
  }

  /** Same as {@link Codex.close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private attach(
    session: Session,
    response: ThreadRuntimeSettings & { thread: ThreadInfo },
    handlers: RequestHandlers,
    tools: ToolRegistry | undefined,
  ): Thread {
    const thread = new Thread(session, response.thread.id, response.thread, threadSettingsOf(response));
    if (tools) bindThreadTools(session, thread, tools);
    const picked = pickHandlers(handlers);
    if (picked) thread.setHandlers(picked);
    this.lifecycle.opened(session, response.thread);
    return thread;
  }

  /** Stops the app-server without closing the client (`idleTimeoutMs`); the next use starts a new one. */
  private async stopIdle(): Promise<void> {
    const session = this.session;
    if (!session || this.closed) return;
    this.session = undefined;
    this.starting = undefined;
    await session.connection.close();
    await session.process.close(this.options.closeTimeouts);
  }

  private ensureSession(): Promise<Session> {
    if (this.closed) return Promise.reject(new TransportClosedError("This Codex client is closed"));
    if (this.session) {
      return this.session.closed ? Promise.reject(this.session.closed) : Promise.resolve(this.session);
    }
    this.starting ??= this.startSession().then(
      (session) => {
        this.session = session;
        return session;
      },
      (error: unknown) => {
        this.starting = undefined;
        throw error;
      },
    );
    return this.starting;
  }

  private async startSession(): Promise<Session> {
    const { options } = this;
    const env: Record<string, string | undefined> = { ...process.env, ...options.env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
    if (options.codexHome) env.CODEX_HOME = options.codexHome;
    for (const secret of secretValuesOf(env)) if (!this.secrets.includes(secret)) this.secrets.push(secret);
    checkLocalDirectory(options.cwd, "Codex option cwd");
    const binary = resolveCodexBinary({ codexPath: options.codexPath, env });
    if (binary.pathPrepend.length > 0)
      env.PATH = [...binary.pathPrepend, env.PATH ?? ""].join(process.platform === "win32" ? ";" : ":");
    const child = new AppServerProcess({
      binary,
      env,
      cwd: options.cwd,
      configOverrides: [
        ...presetConfigOverrides(options.preset),
        ...lifecycleConfigOverrides(options),
        ...configOverrides(options.config),
      ],
      extraArgs: options.args ?? [],
      secrets: () => this.secrets,
    });
    const session = new Session(child, {
      clientInfo: options.clientInfo ?? { name: "codexkit", title: "codexkit", version: VERSION },
      capabilities: {
        experimentalApi: options.experimentalApi ?? true,
        requestAttestation: false,
        ...(options.optOutNotificationMethods
          ? { optOutNotificationMethods: options.optOutNotificationMethods }
          : {}),
      },
      handlers: pickHandlers(options) ?? {},
      onMalformedMessage: options.onMalformedMessage,
      toolTimeoutMs: options.toolTimeoutMs,
    });
    this.lifecycle.attach(session);
    session.onNotification((n) => {
      for (const listener of this.notificationListeners) listener(n);
    });
    session.onServerRequest((e) => {
      for (const listener of this.serverRequestListeners) listener(e);
    });
    const timeoutMs = options.startupTimeoutMs ?? 30_000;
    const timedOut = new StartupError(`codex app-server did not answer initialize within ${timeoutMs} ms`);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        session.connection.initialize(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(timedOut), timeoutMs);
        }),
      ]);
      keepAliveWhileBusy(child.child, session);
      return session;
    } catch (error) {
      // A server that dies at once can fail the initialize write (EPIPE) before its exit is seen: wait
      // briefly for the exit, so the error names the exit code or signal rather than the broken pipe.
      const exit =
        error instanceof TransportClosedError &&
        !(error instanceof ProcessExitedError) &&
        child.pid !== undefined
          ? await Promise.race([child.waitForExit(), delay(1000)])
          : undefined;
      await session.connection.close().catch(() => {});
      await child.close({ graceMs: 200, termMs: 500 });
      // The tail is taken once the process is gone, so it holds everything it wrote.
      if (error === timedOut) throw new StartupError(timedOut.message, { stderrTail: child.stderrTail() });
      if (error instanceof StartupError) throw error;
      // Spawning failed (e.g. a script whose interpreter is missing): say so, not the EPIPE it caused.
      if (child.pid === undefined) {
        const failure = await child.describeClose();
        if (failure instanceof StartupError) throw failure;
      }
      const cause = exit
        ? new ProcessExitedError(exit.code, exit.signal, child.stderrTail())
        : (error as CodexError);
      throw startupFailure(cause, child);
    } finally {
      clearTimeout(timer);
    }
  }
}

function startupFailure(error: CodexError, child: AppServerProcess): StartupError {
  const { command } = child.binaryDescription;
  return new StartupError(
    `codex app-server (${command}) failed during start-up: ${error.message.split("\n")[0]}`,
    {
      stderrTail: child.stderrTail(),
      cause: error,
    },
  );
}

function configOverrides(config: CodexOptions["config"]): string[] {
  if (config === undefined) return [];
  if (Array.isArray(config)) return [...config];
  return Object.entries(config).map(
    ([key, value]) => `${key}=${typeof value === "string" ? JSON.stringify(value) : String(value)}`,
  );
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
