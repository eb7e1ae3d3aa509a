import {
  AbortError,
  InvalidInputError,
  type ReviewTarget,
  type RunInput,
  type ThreadCompactStartResponse,
  type ThreadInfo,
  type ThreadReadResponse,
  type ThreadSetNameResponse,
  type TurnResult,
} from "@codexkit/core";
import type { RequestHandlers } from "../approvals/approvals.js";
import { raceSignal } from "../internal/async.js";
import type { Paginated } from "../internal/pagination.js";
import { checkBooleans, checkOptionsObject, checkSignal } from "../internal/validation.js";
import type { Session } from "../session/session.js";
import { toolsOfThread } from "../tools/thread-tools.js";
import type { OutputOf, OutputSchema } from "../turn/output-schema.js";
import { prepareTurn, throwIfAbortedBeforeStart } from "../turn/start-turn.js";
import type { TurnHandle } from "../turn/turn-handle.js";
import type { GoalOptions, TurnOptions } from "../turn/turn-options.js";
import { startCompaction } from "./compaction.js";
import { type GoalTurnHandle, startGoal } from "./goal.js";
import * as history from "./history.js";
import { type ReviewResult, reviewResultOf, startReview } from "./review.js";
import type { ThreadHost } from "./thread-lifecycle.js";
import type { ThreadRuntimeSettings } from "./thread-options.js";

/**
 * A conversation with the agent. Turns on one thread never race: `run`/`turn` calls queue behind the
 * running turn (use {@link TurnHandle.steer} to add input to it instead).
 *
 * @example
 * ```ts
 * const thread = await codex.threadStart({ cwd: process.cwd() });
 * const result = await thread.run("Summarise README.md in one sentence.");
 * console.log(result.finalResponse);
 * ```
 */
export class Thread {
  /** @internal */
  constructor(
    private session: Session,
    /** Makes the thread ready on a live session before each operation; changes when the thread moves. */
    private host: ThreadHost,
    /** The thread id. */
    readonly id: string,
    /** What the server said about the thread when it was started, resumed, forked or unarchived. */
    readonly info?: ThreadInfo,
    /** The thread's settings as reported by start, resume or fork (undefined after unarchive). */
    readonly settings?: ThreadRuntimeSettings,
  ) {}

  /** Handlers (e.g. `onApproval`) for every turn of this thread; a turn's own handlers take precedence. */
  setHandlers(handlers: RequestHandlers): void {
    this.session.scopes.threads.set(this.id, handlers);
  }

  /** Starts a turn and waits for its {@link TurnResult}. */
  async run<S extends OutputSchema | undefined = undefined>(
    input: RunInput,
    options: TurnOptions<S> = {},
  ): Promise<TurnResult<OutputOf<S>>> {
    const handle = await this.turn(input, options);
    return handle.run();
  }

  /**
   * Starts a turn and returns its {@link TurnHandle} once the server accepted it. Waits for the thread's
   * previous turn to complete first. Invalid input or options throw before anything is sent.
   */
  async turn<S extends OutputSchema | undefined = undefined>(
    input: RunInput,
    options: TurnOptions<S> = {},
  ): Promise<TurnHandle<OutputOf<S>>> {
    const start = prepareTurn(this.session, input, options);
    const { signal } = options;
    await this.session.accountCheck.ensureLoggedIn(this.settings?.modelProvider);
    // (checked again: the signal may have been aborted while the account check was awaited)
    throwIfAbortedBeforeStart(signal);
    return this.exclusive((release) => start(this.session, this.id, release), signal);
  }

  /**
   * Runs a code review on this thread (`review/start`, inline) and returns its findings: of the uncommitted
   * changes, against a base branch, of a commit, or following custom instructions. Waits for the thread's
   * previous turn first; `signal` interrupts the review turn.
   */
  async review(target: ReviewTarget, options: { signal?: AbortSignal } = {}): Promise<ReviewResult> {
    const { signal } = options;
    await this.session.accountCheck.ensureLoggedIn(this.settings?.modelProvider);
    const handle = await this.exclusive(
      (release) => startReview(this.session, this.id, target, signal, release),
      signal,
    );
    return reviewResultOf(await handle.run());
  }

  /**
   * Starts a goal: the server keeps running turns towards `objective` until the goal is complete, paused
   * or blocked. The handle presents them as one logical turn. Requires a persisted, idle thread.
   */
  async startGoal(objective: string, options: GoalOptions = {}): Promise<GoalTurnHandle> {
    if (typeof objective !== "string")
      throw new InvalidInputError(`objective must be a string, got ${typeof objective}`);
    if (objective.trim() === "") throw new InvalidInputError("objective must not be empty");
    checkOptionsObject(options, "goal options");
    checkSignal(options.signal);
    const { signal } = options;
    await this.session.accountCheck.ensureLoggedIn(this.settings?.modelProvider);
    return this.exclusive(
      (release) => startGoal(this.session, this.id, objective.trim(), release, signal),
      signal,
    );
  }

  /**
   * Runs a goal to its end and returns the merged {@link TurnResult}. Rejects with `TurnFailedError` when
   * a goal turn fails, `TurnAbortedError` when `signal` aborts, and the close error if the app-server goes.
   */
  async runGoal(objective: string, options: GoalOptions = {}): Promise<TurnResult> {
    const handle = await this.startGoal(objective, options);
    return handle.run();
  }

  /**
   * Reads the thread (`thread/read`); `includeTurns` adds its turns with their items. A turn read right as it
   * starts can show as `interrupted`, with no items and no `completedAt` (codex 0.171); a turn that ended has
   * its `completedAt`, and the turn's own events (or `run()`) say how it really ends.
   */
  async read(options: { includeTurns?: boolean } = {}): Promise<ThreadReadResponse> {
    checkOptionsObject(options, "read options");
    checkBooleans(options, ["includeTurns"]);
    return (await this.live()).request("thread/read", {
      threadId: this.id,
      includeTurns: options.includeTurns ?? false,
    });
  }

  /** Renames the thread (`thread/name/set`). */
  async setName(name: string): Promise<ThreadSetNameResponse> {
    if (typeof name !== "string") throw new InvalidInputError(`name must be a string, got ${typeof name}`);
    return (await this.live()).request("thread/name/set", { threadId: this.id, name });
  }

  /**
   * Unloads the thread from the app-server (`thread/unsubscribe`) to free its memory; codex's
   * `thread_unload_delay_secs` applies. A later turn resumes it. If an operation is running, the thread
   * is unloaded once it is over.
   */
  async close(): Promise<void> {
    await this.host.close(this.id, this.session);
  }

  /**
   * Compacts the thread's history (`thread/compact/start`). The server runs the compaction as a turn;
   * later turns on this thread wait for it.
   */
  async compact(): Promise<ThreadCompactStartResponse> {
    return this.exclusive((release) => startCompaction(this.session, this.id, release));
  }

  /**
   * Drops turn `turnId` and every later turn from the history the model sees (`thread/revert`); the next turn
   * continues from the turn before it. It does **not** undo file changes or commands those turns made: revert
   * the workspace yourself (e.g. with git). Waits for the thread's running turn first.
   *
   * @example
   * ```ts
   * const bad = await thread.run("Rename everything to snake_case.");
   * await thread.revert(bad.id); // the model no longer sees that exchange
   * ```
   */
  async revert(turnId: string): Promise<history.ThreadRevertResult> {
    return history.revertThread(this.access, turnId);
  }

  /**
   * The thread's stored turns (`thread/turns/list`), newest first unless `sortDirection: "asc"`, fetched page
   * by page as the loop goes on. Not for ephemeral threads (codex keeps no history to page).
   *
   * @example
   * ```ts
   * for await (const turn of thread.turns({ sortDirection: "asc" })) console.log(turn.id, turn.status);
   * ```
   */
  turns(options: history.ThreadTurnsOptions = {}): Paginated<history.ThreadTurn> {
    return history.listTurns(this.access, options);
  }

  /**
   * The thread's stored items (`thread/items/list`), oldest first unless `sortDirection: "desc"`, optionally
   * of one turn, fetched page by page as the loop goes on.
   *
   * @example
   * ```ts
   * for await (const { item } of thread.items()) if (item.type === "agentMessage") console.log(item.text);
   * ```
   */
  items(options: history.ThreadItemsOptions = {}): Paginated<history.ThreadItemEntry> {
    return history.listItems(this.access, options);
  }

  /**
   * Where `searchTerm` (case-insensitive, literal) occurs in the thread's visible messages
   * (`thread/searchOccurrences`), in chronological order.
   *
   * @example
   * ```ts
   * const hits = await thread.searchOccurrences("TODO").toArray();
   * ```
   */
  searchOccurrences(
    searchTerm: string,
    options: { pageSize?: number; signal?: AbortSignal } = {},
  ): Paginated<history.ThreadSearchOccurrence> {
    return history.searchOccurrences(this.access, searchTerm, options);
  }

  /**
   * Deletes the thread and its stored history (`thread/delete`), after its running turn. It is gone from
   * `threadList` and cannot be resumed; files its turns changed stay as they are.
   *
   * @example
   * ```ts
   * await thread.delete();
   * ```
   */
  async delete(): Promise<void> {
    await history.deleteThread(this.access);
  }

  /**
   * Changes the settings of the thread's later turns (`thread/settings/update`): model, effort, approval
   * mode, sandbox, cwd, … Only what is given changes; a running turn keeps its settings. `thread.settings`
   * keeps reporting the settings the thread was opened with.
   *
   * @example
   * ```ts
   * await thread.updateSettings({ model: "gpt-5.5", effort: "high", sandbox: Sandbox.workspaceWrite });
   * ```
   */
  async updateSettings(settings: history.ThreadSettingsUpdate): Promise<void> {
    await history.updateThreadSettings(this.access, settings);
  }

  /**
   * Appends raw Responses API items to the history the model sees (`thread/inject_items`), after the running
   * turn; the next turn's model request carries them. No turn runs and nothing is shown as a turn item.
   *
   * @example
   * ```ts
   * await thread.injectItems([
   *   { type: "message", role: "user", content: [{ type: "input_text", text: "Context: the CI is red." }] },
   * ]);
   * ```
   */
  async injectItems(items: readonly history.ResponseItem[]): Promise<void> {
    await history.injectItems(this.access, items);
  }

  /**
   * Updates the thread's stored metadata (`thread/metadata/update`): its Git facts or project; resolves with
   * the thread as stored afterwards.
   *
   * @example
   * ```ts
   * await thread.updateMetadata({ gitInfo: { branch: "feature/login", sha: null } });
   * ```
   */
  async updateMetadata(update: history.ThreadMetadataUpdate): Promise<ThreadInfo> {
    return history.updateThreadMetadata(this.access, update);
  }

  /** The session and queue of this thread, for the history functions. */
  private get access(): history.ThreadAccess {
    return {
      id: this.id,
      live: () => this.live(),
      exclusive: (start, signal) => this.exclusive(start, signal),
    };
  }

  /**
   * Lets the thread's host make it ready for an operation (start an idle-stopped app-server, resume an
   * unloaded thread, wait for a turn slot, move to a live pool member); returns the release.
   */
  private async ready(release: () => void): Promise<() => void> {
    const lease = await this.host.acquire(this.id, this.session, { turn: true, tools: toolsOfThread(this) });
    this.session = lease.session;
    this.host = lease.host;
    return () => {
      lease.release();
      release();
    };
  }

  /** The live session for a request outside a turn, with the thread loaded there. */
  private async live(): Promise<Session> {
    const lease = await this.host.acquire(this.id, this.session, { turn: false, tools: toolsOfThread(this) });
    this.session = lease.session;
    this.host = lease.host;
    return this.session;
  }

  /**
   * Runs `start` once the previous operation on this thread has completed. `start` gets `release`, to call
   * when its turn is over; if `start` throws, the thread is released at once. Aborting `signal` while still
   * queued rejects at once with {@link AbortError} (`start` then never runs: it checks the signal first).
   */
  private exclusive<T>(start: (release: () => void) => Promise<T>, signal?: AbortSignal): Promise<T> {
    // The queue is per thread id (in the session), so two Thread objects for one thread do not race.
    const tails = this.session.threadTails;
    const previous = tails.get(this.id) ?? Promise.resolve();
    const queues = [tails];
    let release!: () => void;
    const tail: Promise<void> = new Promise<void>((resolve) => {
      let released = false;
      release = () => {
        if (!released) {
          released = true;
          for (const queue of queues) if (queue.get(this.id) === tail) queue.delete(this.id);
          resolve();
        }
      };
    });
    tails.set(this.id, tail);
    let begun = false;
    const run = previous.then(() => {
      begun = true;
      return this.ready(release).then(
        (finish) => {
          // Moved to another session (restarted or another pool member): later operations queue there.
          const moved = this.session.threadTails;
          if (moved !== tails && !moved.has(this.id)) {
            moved.set(this.id, tail);
            queues.push(moved);
          }
          return start(finish).catch((error: unknown) => {
            finish();
            throw error;
          });
        },
        (error: unknown) => {
          release();
          throw error;
        },
      );
    });
    if (!signal) return run;
    // Once begun, the turn's own handle reacts to the signal (interrupt, then TurnAbortedError).
    return raceSignal(run, signal, ({ reject }) => {
      if (!begun) reject(new AbortError("turn aborted while queued", { cause: signal.reason }));
    });
  }
}
