import { realpath } from "node:fs/promises";
import { Codex, type Thread, type ThreadInfo } from "@codexkit/node";
import { type Advice, adviceFor, type CodexHomeInfo, codexHomeOf } from "./advice.js";
import { ApprovalRounds } from "./approval-rounds.js";
import { BackgroundRuns } from "./background-runs.js";
import { type BridgeLimits, resolveLimits } from "./bridge-limits.js";
import type { CodexBridgeOptions } from "./bridge-options.js";
import { InvalidArgumentError, LimitExceededError, PolicyViolationError, threadError } from "./errors.js";
import { type BridgeLogger, silentLogger } from "./logger.js";
import { APPROVAL_MODES, type EffectiveSettings, OperatorPolicy, SANDBOXES } from "./policy.js";
import { BridgeSession } from "./session-scope.js";
import { ThreadAccess } from "./thread-access.js";
import { VERSION } from "./version.js";

/** A thread this bridge has started or resumed, and the directory its turns run in. */
interface ThreadEntry {
  thread: Thread;
  cwd: string;
}

/** A thread whose directory is inside the allowed roots. */
export interface AllowedThread {
  /** The thread as `thread/read` returned it. */
  info: ThreadInfo;
  /** Its directory, as a real path. */
  cwd: string;
}

/**
 * The state every MCP session of one bridge process shares: the operator policy, one lazily started
 * `Codex` (one app-server for all calls), the threads it has opened, and the runs in flight — so that
 * {@link CodexBridge.close} can interrupt them all before the app-server stops.
 *
 * @example
 * ```ts
 * const bridge = new CodexBridge({ policy: { sandbox: "workspace-write", allowedRoots: ["/repo"] } });
 * const server = createBridgeServer(bridge);
 * await server.connect(new StdioServerTransport());
 * process.on("SIGTERM", () => bridge.close().then(() => process.exit(0)));
 * ```
 */
export class CodexBridge implements AsyncDisposable {
  /** The operator's ceiling. */
  readonly policy: OperatorPolicy;
  /** The resolved limits. */
  readonly limits: BridgeLimits;
  /** Where the bridge logs. */
  readonly logger: BridgeLogger;
  /** The model for runs that name none. */
  readonly defaultModel: string | undefined;
  /** Which session may see which thread. */
  readonly access: ThreadAccess;
  /** Runs started with `wait: false`, and their results for a while. */
  readonly backgroundRuns: BackgroundRuns;
  /**
   * @internal
   * Approval questions put to 2026-07-28 clients as `input_required` results, until their retries answer.
   */
  readonly approvalRounds: ApprovalRounds;
  /** The `CODEX_HOME` its codex uses (login, config, threads), and where that came from. */
  readonly codexHome: CodexHomeInfo;
  private client: Codex | undefined;
  private readonly threads = new Map<string, Promise<ThreadEntry>>();
  private readonly runs = new Map<AbortController, Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(private readonly options: CodexBridgeOptions = {}) {
    this.policy =
      options.policy instanceof OperatorPolicy ? options.policy : new OperatorPolicy(options.policy);
    this.logger = options.logger ?? silentLogger;
    this.defaultModel = options.model;
    this.limits = resolveLimits(options);
    this.access = new ThreadAccess(options.exposeExistingThreads ?? false);
    this.backgroundRuns = new BackgroundRuns(this.limits.resultRetentionMs);
    this.approvalRounds = new ApprovalRounds(this.limits.resultRetentionMs);
    this.codexHome = codexHomeOf(options.codexOptions?.codexHome, {
      ...process.env,
      ...options.codexOptions?.env,
    });
  }

  /**
   * What the operator of the MCP host can do about `error` (log in with this CODEX_HOME, which flag or server
   * `env` entry to set), or `undefined` when there is nothing specific to say.
   */
  advise(error: unknown): Advice | undefined {
    return adviceFor(error, this.codexHome);
  }

  /** Opens a new isolation scope: one per MCP session (stdio: one per process). */
  openSession(): BridgeSession {
    return new BridgeSession();
  }

  /** Whether {@link CodexBridge.close} was called. */
  get isClosing(): boolean {
    return this.closing !== undefined;
  }

  /** The app-server's pid, once started. */
  get appServerPid(): number | undefined {
    return this.client?.pid;
  }

  /**
   * The shared client. Its app-server starts on first use; if it died, a new client replaces it (and the
   * threads it had open are reopened from their rollouts on next use).
   */
  codex(): Codex {
    if (this.closing) throw new InvalidArgumentError("the bridge is shutting down");
    if (!this.client || this.client.isClosed) {
      if (this.client) {
        this.logger.warn("codex app-server has exited; starting a new one on demand");
        this.threads.clear();
      }
      this.client = new Codex({
        clientInfo: { name: "codexkit-mcp", title: "codexkit MCP bridge", version: VERSION },
        ...this.options.codexOptions,
      });
    }
    return this.client;
  }

  /**
   * @internal
   * Opens the thread a run continues (checking that its directory is inside the allowed roots) or starts a
   * new one, and resolves the directory the turn runs in. Concurrent calls for one thread share one open.
   */
  async openThread(
    session: BridgeSession,
    request: { threadId?: string | undefined; cwd?: string | undefined; model?: string | undefined },
    settings: EffectiveSettings,
  ): Promise<ThreadEntry> {
    const requestedCwd = request.cwd === undefined ? undefined : await this.policy.resolveCwd(request.cwd);
    const approvalMode = APPROVAL_MODES[settings.approvalPolicy];
    const sandbox = settings.approvalPolicy === "bypass" ? undefined : SANDBOXES[settings.sandbox];
    const codex = this.codex();
    if (request.threadId === undefined) {
      const cwd = requestedCwd ?? (await this.policy.resolveCwd(undefined));
      const thread = await codex.threadStart({ cwd, approvalMode, sandbox, model: request.model });
      this.access.claim(thread.id, session);
      this.threads.set(thread.id, Promise.resolve({ thread, cwd }));
      return { thread, cwd };
    }
    const threadId = request.threadId;
    this.assertVisible(session, threadId);
    let opening = this.threads.get(threadId);
    if (!opening) {
      opening = this.resumeThread(session, codex, threadId, requestedCwd, {
        approvalMode,
        sandbox,
        model: request.model,
      });
      this.threads.set(threadId, opening);
      opening.catch(() => this.threads.delete(threadId));
    }
    const entry = await opening;
    return { thread: entry.thread, cwd: requestedCwd ?? entry.cwd };
  }

  /** @internal Records the directory a thread's turns now run in (turn/start changes it for later turns). */
  rememberCwd(threadId: string, cwd: string): void {
    const opening = this.threads.get(threadId);
    if (opening)
      this.threads.set(
        threadId,
        opening.then((entry) => ({ ...entry, cwd })),
      );
  }

  /**
   * Reads a thread (`thread/read`, without turns) and refuses it unless its directory is inside the allowed
   * roots. Returns the thread and its directory as a real path.
   */
  async readAllowedThread(session: BridgeSession, threadId: string): Promise<AllowedThread> {
    this.assertVisible(session, threadId);
    let info: ThreadInfo;
    try {
      info = (await this.codex().request("thread/read", { threadId, includeTurns: false })).thread;
    } catch (error) {
      throw threadError(threadId, error);
    }
    let real: string;
    try {
      real = await realpath(info.cwd);
    } catch {
      throw new PolicyViolationError(`thread ${threadId} ran in ${info.cwd}, which no longer exists`);
    }
    this.policy.assertInsideRoots(real, `thread ${threadId}'s directory`);
    return { info, cwd: real };
  }

  /** Refuses a thread `session` may not see, with the same error as an unknown thread (no existence leak). */
  assertVisible(session: BridgeSession, threadId: string): void {
    if (!this.access.canAccess(threadId, session))
      throw new InvalidArgumentError(
        `unknown threadId ${JSON.stringify(threadId)} (or not visible to this MCP session)`,
      );
  }

  /**
   * @internal
   * Tracks a run of `session` so that {@link CodexBridge.close} (and the session's close) can stop it;
   * `start` gets the run's controller: abort it to interrupt the run's turn. Refuses the run with
   * {@link LimitExceededError} when the total or the session's limit of runs in flight is reached.
   */
  track<T>(session: BridgeSession, start: (controller: AbortController) => Promise<T>): Promise<T> {
    const { maxRuns, maxRunsPerSession } = this.limits;
    if (this.runs.size >= maxRuns)
      throw new LimitExceededError(
        `the bridge already runs its maximum of ${maxRuns} turn(s) at once (--max-runs); retry when one has finished`,
      );
    if (session.runs.size >= maxRunsPerSession)
      throw new LimitExceededError(
        `this MCP session already runs its maximum of ${maxRunsPerSession} turn(s) at once (--max-runs-per-session); ` +
          "retry when one has finished",
      );
    const controller = new AbortController();
    if (this.closing) controller.abort(new Error("the bridge is shutting down"));
    if (session.isClosed) controller.abort(new Error("the MCP session closed"));
    session.runs.add(controller);
    const run = Promise.resolve().then(() => start(controller));
    this.runs.set(
      controller,
      run.catch(() => {}),
    );
    return run.finally(() => {
      this.runs.delete(controller);
      session.runs.delete(controller);
    });
  }

  /** Number of runs in flight. */
  get activeRuns(): number {
    return this.runs.size;
  }

  /**
   * Interrupts every running turn, waits (briefly) for them to end, then stops the app-server.
   * Idempotent; never throws.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const pending = [...this.runs.entries()];
      if (pending.length > 0) this.logger.info(`interrupting ${pending.length} running turn(s)`);
      for (const [controller] of pending) controller.abort(new Error("the bridge is shutting down"));
      await Promise.race([Promise.all(pending.map(([, run]) => run)), delay(this.limits.interruptGraceMs)]);
      await this.client
        ?.close()
        .catch((error: unknown) => this.logger.warn(`closing codex failed: ${String(error)}`));
    })();
    return this.closing;
  }

  /** Same as {@link CodexBridge.close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async resumeThread(
    session: BridgeSession,
    codex: Codex,
    threadId: string,
    requestedCwd: string | undefined,
    settings: {
      approvalMode: (typeof APPROVAL_MODES)[keyof typeof APPROVAL_MODES];
      sandbox: (typeof SANDBOXES)[keyof typeof SANDBOXES] | undefined;
      model: string | undefined;
    },
  ): Promise<ThreadEntry> {
    // Always checked, also when the caller names a new cwd: the history itself may come from elsewhere.
    const stored = await this.readAllowedThread(session, threadId);
    const cwd = requestedCwd ?? stored.cwd;
    try {
      const thread = await codex.threadResume(threadId, { cwd, ...settings });
      return { thread, cwd };
    } catch (error) {
      throw threadError(threadId, error);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
