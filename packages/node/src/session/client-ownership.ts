import type { ClientMethod, Notification } from "@codexkit/core";
import { routingKeyOf } from "@codexkit/core/internal";

/** Requests whose answer names a turn this client starts. */
const STARTS_A_TURN: ReadonlySet<string> = new Set(["turn/start", "review/start"]);

/** Where the turns this client started are recorded (the session's turn records). */
export interface OwnedTurns {
  /** A request's answer named `turnId` (on `threadId`): this client started it. */
  own(turnId: string, threadId?: string): void;
  /** Whether this client started `turnId`. */
  owns(turnId: string): boolean;
}

/**
 * What this client owns on a server that other clients may share: the turns it started (kept in the
 * session's turn records, which forget them when they complete), the threads it created (or set a goal
 * on), and the threads it knows (any thread it made a request about). Every
 * subscriber of a thread gets every event and server request of it; a client answers only the requests
 * it owns, and routes only the events of threads it knows (other clients' threads cost it nothing).
 */
export class ClientOwnership {
  private readonly owned = new Set<string>();
  private readonly known = new Set<string>();
  /** Turn-starting requests in flight, per thread: their turn's first events may precede the answer. */
  private readonly starting = new Map<string, number>();

  constructor(private readonly turns: OwnedTurns) {}

  /** Records the thread a request is about (before it is sent: its events may precede the answer). */
  noteRequest(method: ClientMethod, params: unknown): void {
    const { threadId } = routingKeyOf(params);
    if (!threadId) return;
    this.known.add(threadId);
    if (STARTS_A_TURN.has(method)) this.starting.set(threadId, (this.starting.get(threadId) ?? 0) + 1);
  }

  /** The request noted by {@link ClientOwnership.noteRequest} was answered or failed. */
  noteSettled(method: ClientMethod, params: unknown): void {
    const { threadId } = routingKeyOf(params);
    if (!threadId || !STARTS_A_TURN.has(method)) return;
    const count = (this.starting.get(threadId) ?? 1) - 1;
    if (count > 0) this.starting.set(threadId, count);
    else this.starting.delete(threadId);
  }

  /** Records what a successful request says about ownership. */
  noteResponse(method: ClientMethod, params: unknown, result: unknown): void {
    const { threadId } = routingKeyOf(params);
    if (threadId) this.known.add(threadId);
    const response = result as {
      thread?: { id?: unknown };
      turn?: { id?: unknown };
      reviewThreadId?: unknown;
    };
    const created = typeof response?.thread?.id === "string" ? response.thread.id : undefined;
    if (created) this.known.add(created);
    if (typeof response?.reviewThreadId === "string") {
      this.known.add(response.reviewThreadId);
      this.owned.add(response.reviewThreadId);
    }
    if (typeof response?.turn?.id === "string") {
      const reviewThread = typeof response.reviewThreadId === "string" ? response.reviewThreadId : undefined;
      this.turns.own(response.turn.id, reviewThread ?? threadId);
    }
    if ((method === "thread/start" || method === "thread/fork") && created) this.owned.add(created);
    if (method === "thread/goal/set" && threadId) this.owned.add(threadId);
  }

  /**
   * Sends a request with `send` and notes it: its thread before it is sent ({@link ClientOwnership.noteRequest}),
   * what its answer says ({@link ClientOwnership.noteResponse}) and that it settled ({@link ClientOwnership.noteSettled}).
   */
  track<T>(method: ClientMethod, params: unknown, send: () => Promise<T>): Promise<T> {
    this.noteRequest(method, params);
    return send().then(
      (result) => {
        this.noteResponse(method, params, result);
        this.noteSettled(method, params);
        return result;
      },
      (error: unknown) => {
        this.noteSettled(method, params);
        throw error;
      },
    );
  }

  /** Whether this client answers a server request: its own turn, an owned thread, or a thread it holds handlers for. */
  owns(params: unknown, hasThreadHandlers: (threadId: string) => boolean): boolean {
    const { threadId, turnId } = routingKeyOf(params);
    if (threadId === undefined) return true; // not about a thread: addressed to the client itself
    if (turnId !== undefined && this.turns.owns(turnId)) return true;
    return this.owned.has(threadId) || hasThreadHandlers(threadId);
  }

  /** Whether this client owns a thread: it created or forked it, or set a goal on it. */
  ownsThread(threadId: string): boolean {
    return this.owned.has(threadId);
  }

  /** Whether a notification is about a thread this client knows (or about no thread at all). */
  concerns(notification: Notification): boolean {
    const { threadId } = routingKeyOf(notification.params);
    return threadId === undefined || this.known.has(threadId);
  }

  /**
   * Whether a turn's notification goes to the turn router: a turn this client started, or any turn of a
   * thread on which it is starting one (its events can precede the `turn/start` answer). Other clients'
   * turns are never buffered.
   */
  routes(notification: Notification): boolean {
    const { threadId, turnId } = routingKeyOf(notification.params);
    if (turnId === undefined || this.turns.owns(turnId)) return true;
    return threadId !== undefined && this.starting.has(threadId);
  }
}
