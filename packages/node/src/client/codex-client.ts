import {
  type ClientMethod,
  type ClientParams,
  type ClientResult,
  type GetAccountResponse,
  type InitializeMetadata,
  type ModelListResponse,
  type Notification,
  type RequestOptions,
  type ServerRequestEvent,
  type ThreadArchiveResponse,
  type ThreadListResponse,
  type Transport,
  TransportClosedError,
} from "@codexkit/core";
import { Listeners } from "@codexkit/core/internal";
import type { ChatgptLoginHandle, DeviceCodeLoginHandle } from "../account/login.js";
import { checkApiKey, loginWithApiKey, startChatgptLogin, startDeviceCodeLogin } from "../account/login.js";
import { checkBooleans, checkOptionsObject } from "../internal/validation.js";
import { withReconnect } from "../reconnect/reconnecting-transport.js";
import { Config } from "../resources/config.js";
import { type ExecOptions, type ExecResult, execCommand } from "../resources/exec.js";
import { type ExecProcess, type ExecSpawnOptions, spawnProcess } from "../resources/exec-process.js";
import { Feedback } from "../resources/feedback.js";
import { Fs } from "../resources/fs.js";
import { Hooks } from "../resources/hooks.js";
import { Mcp } from "../resources/mcp.js";
import { ModelProviders } from "../resources/model-providers.js";
import { Plugins } from "../resources/plugins.js";
import { Skills } from "../resources/skills.js";
import { openSession } from "../session/open-session.js";
import type { Session } from "../session/session.js";
import { reopenThread, startThread, type ThreadOpener, unarchiveThread } from "../thread/open-thread.js";
import type { Thread } from "../thread/thread.js";
import { type CodexActivity, type Rehome, ThreadLifecycle } from "../thread/thread-lifecycle.js";
import {
  checkThreadId,
  type ThreadForkOptions,
  type ThreadResumeOptions,
  type ThreadStartOptions,
} from "../thread/thread-options.js";
import { type ThreadSearchOptions, type ThreadSearchPage, threadSearch } from "../thread/thread-search.js";
import { localTransportUnavailable, remoteTransportFor } from "../transports/remote-transport.js";
import type { CodexOptions } from "./codex-options.js";
import { checkClientOptions } from "./codex-options.js";
import { StartupError } from "./errors.js";

/**
 * The runtime-neutral client of one `codex app-server`, over any {@link Transport}: start, resume and
 * fork threads, list models, log in. It imports no `node:*` module, so it runs in Deno, Bun and workers
 * against a remote server (`{ url: "wss://…", token }` or `{ transport }`); `Codex` from
 * `@codexkit/node` extends it with the local transports (spawn, command, unix socket, `ws`). It
 * connects lazily on first use (or with {@link CodexClient.start}) and disconnects with
 * {@link CodexClient.close} — or automatically with `await using`.
 *
 * @example
 * ```ts
 * import { Codex } from "@codexkit/node/remote";
 * await using codex = new Codex({ url: "wss://codex.example.com", token });
 * const thread = await codex.threadStart();
 * console.log((await thread.run("Say hello.")).finalResponse);
 * ```
 */
export class CodexClient implements AsyncDisposable {
  private session: Session | undefined;
  private starting: Promise<Session> | undefined;
  private closed = false;
  /** Secrets to redact from every error: API keys given or found in the environment, the bearer token. */
  protected readonly secrets: string[] = [];
  private readonly notificationListeners = new Listeners<Notification>();
  private readonly serverRequestListeners = new Listeners<ServerRequestEvent>();
  /**
   * Which threads are loaded here, turn slots, idle stop; the host of this client's threads.
   * @internal (a pool reaches its members' through it)
   */
  readonly lifecycle: ThreadLifecycle;
  private readonly opener: ThreadOpener;
  /** Files on the app-server's host (`fs/*`): read, write, list, watch. See {@link Fs}. */
  readonly fs: Fs = new Fs(() => this.ensureSession());
  /** The MCP servers codex is configured with: status, tools, resources, OAuth login, reload. See {@link Mcp}. */
  readonly mcp: Mcp = new Mcp(() => this.ensureSession());
  /** The skills codex offers its agent: list, enable, disable, extra roots. See {@link Skills}. */
  readonly skills: Skills = new Skills(() => this.ensureSession());
  /** Codex plugins: list, read, install, uninstall. See {@link Plugins}. */
  readonly plugins: Plugins = new Plugins(() => this.ensureSession());
  /** The lifecycle hooks codex runs. See {@link Hooks}. */
  readonly hooks: Hooks = new Hooks(() => this.ensureSession());
  /** codex's configuration: read, write, batch write, typed update of common keys. See {@link Config}. */
  readonly config: Config = new Config(() => this.ensureSession());
  /** The configured model providers and the default one. See {@link ModelProviders}. */
  readonly modelProviders: ModelProviders = new ModelProviders(() => this.ensureSession());
  /** Feedback reports to OpenAI, or saved locally. See {@link Feedback}. */
  readonly feedback: Feedback = new Feedback(() => this.ensureSession());

  /** A client of one app-server, connected on first use. */
  constructor(options?: CodexOptions);
  /** @internal A pool member's client: `rehome` moves its threads to a live member when its app-server dies. */
  constructor(options: CodexOptions, rehome: Rehome);
  constructor(
    /** The options this client was created with. */
    protected readonly options: CodexOptions = {},
    rehome?: Rehome,
  ) {
    checkClientOptions(options);
    if (options.token) this.secrets.push(options.token);
    this.lifecycle = new ThreadLifecycle(
      options,
      {
        ensureSession: () => this.ensureSession(),
        stopIdle: () => this.stopIdle(),
        isClosed: () => this.closed,
      },
      rehome,
    );
    this.opener = {
      options,
      checkDirectory: (value, name, base) => this.checkDirectory(value, name, base),
      ensureSession: () => this.ensureSession(),
      opened: (session, thread) => this.lifecycle.opened(session, thread),
      host: this.lifecycle,
    };
  }

  /** Connects (spawns the app-server, opens the socket) and completes `initialize` (idempotent). Other methods call it for you. */
  async start(): Promise<this> {
    await this.ensureSession();
    return this;
  }

  /** The `initialize` result, with the server's `serverInfo: { name, version }`. Throws before start. */
  get metadata(): InitializeMetadata {
    if (!this.session) throw new StartupError("Codex has not started yet; await codex.start() first");
    return this.session.connection.metadata;
  }

  /** The transport of the current connection, once started. */
  get transport(): Transport | undefined {
    return this.session?.transport;
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
    return startThread(this.opener, options);
  }

  /** Lists threads (`thread/list`); see `ThreadListParams` for filters and paging. */
  async threadList(params: ClientParams<"thread/list"> = {}): Promise<ThreadListResponse> {
    return (await this.ensureSession()).request("thread/list", params);
  }

  /**
   * Searches stored threads for `searchTerm` (`thread/search/stream`): one page of matching threads, each with
   * a snippet. Codex streams provisional batches while it searches; `onPartial` gets them.
   *
   * @example
   * ```ts
   * const { data } = await codex.threadSearch("flaky test", { onPartial: (rows) => render(rows) });
   * for (const { thread, snippet } of data) console.log(thread.id, snippet);
   * ```
   */
  async threadSearch(searchTerm: string, options: ThreadSearchOptions = {}): Promise<ThreadSearchPage> {
    return threadSearch(() => this.ensureSession(), searchTerm, options);
  }

  /**
   * Resumes a stored thread (`thread/resume`). Omitted settings keep the thread's stored ones. A thread codex
   * has no rollout of (an ephemeral one, one with no turn yet, an unknown id) is refused with
   * {@link ThreadNotStoredError}.
   */
  async threadResume(threadId: string, options: ThreadResumeOptions = {}): Promise<Thread> {
    return reopenThread(this.opener, "thread/resume", threadId, options);
  }

  /**
   * Forks a thread into a new one (`thread/fork`). Omitted settings keep the source's. A source codex has no
   * rollout of (an ephemeral one, one with no turn yet, an unknown id) is refused with {@link ThreadNotStoredError}.
   */
  async threadFork(threadId: string, options: ThreadForkOptions = {}): Promise<Thread> {
    return reopenThread(this.opener, "thread/fork", threadId, options);
  }

  /** Archives a thread (`thread/archive`). */
  async threadArchive(threadId: string): Promise<ThreadArchiveResponse> {
    checkThreadId(threadId);
    return (await this.ensureSession()).request("thread/archive", { threadId });
  }

  /** Restores an archived thread (`thread/unarchive`). */
  async threadUnarchive(threadId: string): Promise<Thread> {
    return unarchiveThread(this.opener, threadId);
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
    checkApiKey(apiKey);
    this.secrets.push(apiKey);
    await loginWithApiKey(await this.ensureSession(), apiKey);
  }

  /** Starts a browser ChatGPT login; open `handle.authUrl`, then `await handle.wait()`. */
  async loginChatgpt(): Promise<ChatgptLoginHandle> {
    return startChatgptLogin(await this.ensureSession());
  }

  /** Starts a device-code ChatGPT login; show `handle.verificationUrl` and `handle.userCode`. */
  async loginChatgptDeviceCode(): Promise<DeviceCodeLoginHandle> {
    return startDeviceCodeLogin(await this.ensureSession());
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

  /**
   * Runs a command on the **app-server's host** and waits for it (`command/exec`): argv, not a shell line; in
   * codex's sandbox (the server's `sandbox_mode` unless `options.sandbox` says otherwise), without a thread
   * or turn. A non-zero exit is a result, not an error. See {@link ExecOptions}.
   *
   * @example
   * ```ts
   * const { exitCode, stdout, stderr } = await codex.exec(["npm", "test"], { cwd: "/srv/app", timeoutMs: 120_000 });
   * ```
   */
  async exec(command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return execCommand(() => this.ensureSession(), command, options);
  }

  /**
   * Starts a command on the app-server's host with streamed output, stdin and optionally a terminal
   * (`command/exec` with a `processId`, then `command/exec/write|resize|terminate`). See {@link ExecProcess}.
   *
   * @example
   * ```ts
   * await using proc = await codex.spawn(["npm", "run", "dev"], { cwd: "/srv/app" });
   * for await (const chunk of proc.stdout) process.stdout.write(chunk);
   * ```
   */
  async spawn(command: readonly string[], options: ExecSpawnOptions = {}): Promise<ExecProcess> {
    return spawnProcess(() => this.ensureSession(), command, options);
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
    return this.notificationListeners.add(listener);
  }

  /**
   * Subscribes to a report of every server request (approvals, questions, …) and how it was answered:
   * by your handler, or by the fail-closed default when none was registered or it threw.
   */
  onServerRequest(listener: (event: ServerRequestEvent) => void): () => void {
    return this.serverRequestListeners.add(listener);
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
   * Disconnects: pending calls and running turns reject with {@link TransportClosedError}, then the
   * transport closes (a spawned app-server: end stdin, SIGTERM, SIGKILL, each after a timeout; a socket:
   * a normal close). Idempotent.
   */
  async close(): Promise<void> {
    this.closed = true;
    const session = this.session ?? (await this.starting?.catch(() => undefined));
    if (!session) return;
    await session.connection.close();
  }

  /**
   * The transport to connect over, from the options. This runtime-neutral client opens `transport` and
   * `ws://`/`wss://` URLs (over the global `WebSocket` or the `WebSocket` option); the Node entry's
   * `Codex` adds spawn, command and unix socket.
   */
  protected openTransport(): Transport {
    const transport = remoteTransportFor(this.options);
    if (!transport) throw localTransportUnavailable(this.options);
    return transport;
  }

  /**
   * Refuses a `cwd` that cannot be right before anything is sent. The server's filesystem is not this
   * runtime's, so this client checks nothing; the Node entry's `Codex` checks a spawned server's directories.
   * @internal
   */
  protected checkDirectory(_value: string | undefined, _name: string, _base?: string): void {}

  /** Called once a session has initialized over `transport` (the Node entry un-refs an idle child). @internal */
  protected sessionOpened(_session: Session, _transport: Transport): void {}

  /** Same as {@link CodexClient.close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Stops the app-server without closing the client (`idleTimeoutMs`); the next use starts a new one. */
  private async stopIdle(): Promise<void> {
    const session = this.session;
    if (!session || this.closed) return;
    this.session = undefined;
    this.starting = undefined;
    await session.connection.close();
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
    const session = await openSession(
      withReconnect(this.options, () => this.openTransport()),
      this.options,
      {
        secrets: this.secrets,
        checkDirectory: (value, name, base) => this.checkDirectory(value, name, base),
      },
      (session) => {
        this.lifecycle.attach(session);
        session.onNotification((n) => this.notificationListeners.emit(n));
        session.onServerRequest((e) => this.serverRequestListeners.emit(e));
      },
    );
    this.sessionOpened(session, session.transport);
    return session;
  }
}
