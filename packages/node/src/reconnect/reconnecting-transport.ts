import {
  AbstractTransport,
  type CodexError,
  type JsonRpcMessage,
  retryOnOverload,
  type Transport,
  type TransportClose,
  TransportClosedError,
  UnauthorizedError,
} from "@codexkit/core";
import { connectionGoneCode } from "@codexkit/core/internal";
import { delay, withTimeout } from "../internal/async.js";
import { InternalRequests } from "./internal-requests.js";
import {
  type ReconnectOptions,
  type ResolvedReconnectOptions,
  resolveReconnectOptions,
} from "./reconnect-options.js";
import { lostTurn, readMissedAtCompletion, recoverTurns, resumeLate } from "./turn-recovery.js";
import { WireState } from "./wire-state.js";

/**
 * The transport a client connects over: `open()`'s, or, with `reconnect` on a remote `url`, a
 * {@link ReconnectingTransport} that calls `open()` again after each drop. Internal to @codexkit/node.
 */
export function withReconnect(
  options: { reconnect?: boolean | ReconnectOptions | undefined; url?: string | undefined },
  open: () => Transport,
): Transport {
  const reconnect = resolveReconnectOptions(options.reconnect);
  if (!reconnect || options.url === undefined) return open();
  return new ReconnectingTransport(open, reconnect);
}

/**
 * A {@link Transport} that survives drops: when the inner transport closes without the client asking, it
 * fails the client's pending requests at once (they surface as `TransportClosedError`), opens a new
 * transport with backoff and jitter, replays `initialize`, resumes the subscribed threads, recovers what
 * the running turns missed from `thread/read` (a `codexkit/reconnected` event, then the missed
 * `item/completed` / `turn/completed`), and then delivers the live messages again. Server requests the
 * server re-sends to the resumed client are delivered like any other; answers to requests of the dead
 * connection are dropped. Only when every attempt fails does it close, with an error saying so.
 * Internal to @codexkit/node (`CodexOptions.reconnect`).
 */
export class ReconnectingTransport extends AbstractTransport {
  readonly endpoint: string;
  readonly exclusive = false;
  private readonly state = new WireState();
  private current: Transport;
  private unsubscribe: Array<() => void> = [];
  /** Server requests received on the current transport: only their answers are forwarded. */
  private serverRequests = new Set<string | number>();
  /** "open": passing messages through; "reconnecting": no transport; "recovering": new transport, messages held. */
  private phase: "open" | "reconnecting" | "recovering" = "open";
  private held: JsonRpcMessage[] = [];
  private readonly internal = new InternalRequests();
  private readonly abort = new AbortController();
  private finalError: string | undefined;
  /** Why reconnecting stopped, when the server refused the token (then it stopped at the first refusal). */
  private refused: UnauthorizedError | undefined;
  private attemptsMade = 0;
  private starting: Promise<void> | undefined;
  /** Messages sent during a reconnect, waiting for it. */
  private readonly openWaiters = new OpenWaiters();

  constructor(
    private readonly open: () => Transport,
    private readonly options: ResolvedReconnectOptions,
  ) {
    super();
    this.current = open();
    this.endpoint = this.current.endpoint;
  }

  start(): Promise<void> {
    this.starting ??= (async () => {
      this.attach(this.current);
      await this.current.start();
    })();
    return this.starting;
  }

  async send(message: JsonRpcMessage): Promise<void> {
    if (this.closed) throw new TransportClosedError(`The connection to ${this.endpoint} is closed`);
    const isAnswer = message.method === undefined && message.id !== undefined;
    if (isAnswer) {
      const id = message.id as string | number;
      // An answer to a request of a dropped connection: the server re-sends that request after the resume.
      if (!this.serverRequests.delete(id) || this.phase !== "open") return;
      return this.current.send(message);
    }
    // Sent during a reconnect: waits for it (and fails if it gives up).
    if (this.phase !== "open") await this.openWaiters.untilOpen();
    this.state.outgoing(message);
    try {
      await this.current.send(message);
    } catch (error) {
      if (message.id !== undefined) this.state.pending.delete(message.id as string | number);
      throw error;
    }
  }

  protected override finish(close: TransportClose): void {
    super.finish(close);
    this.openWaiters.settle(new TransportClosedError(`The connection to ${this.endpoint} is closed`));
  }

  async close(): Promise<void> {
    this.abort.abort();
    const current = this.current;
    this.detach();
    await current.close().catch(() => {});
    this.state.clear();
    this.held = [];
    this.finish({ byClient: true });
  }

  /** Sizes of the bookkeeping, for leak checks (`codex.stats()`). */
  stats(): Record<string, number> {
    return {
      ...this.state.stats(),
      reconnectHeld: this.held.length,
      reconnectServerRequests: this.serverRequests.size,
    };
  }

  describeClose(close: TransportClose): CodexError {
    const code = close.code === undefined ? "" : ` (code ${close.code})`;
    const why = this.finalError
      ? ` and reconnecting failed after ${this.attemptsMade} attempt(s): ${this.finalError}`
      : "";
    if (this.refused)
      return new UnauthorizedError(`The connection to ${this.endpoint} closed${code}${why}`, {
        status: this.refused.status,
        endpoint: this.endpoint,
        cause: this.refused,
      });
    return new TransportClosedError(`The connection to ${this.endpoint} closed${code}${why}`, {
      endpoint: this.endpoint,
      ...(close.code === undefined ? {} : { closeCode: close.code }),
      ...(close.error ? { cause: close.error } : {}),
    });
  }

  /** Sends an internal request on the current transport and waits for its answer (or the drop). */
  private request(method: string, params: unknown): Promise<JsonRpcMessage> {
    return this.internal.send(this.current, method, params);
  }

  private attach(transport: Transport): void {
    this.unsubscribe = [
      transport.onMessage((message) => this.received(message)),
      transport.onError((error) => this.report(error)),
      transport.onClose((close) => this.dropped(transport, close)),
    ];
  }

  private detach(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }

  private received(message: JsonRpcMessage): void {
    if (this.internal.answer(message)) return;
    if (this.phase === "recovering") {
      this.held.push(message);
      return;
    }
    this.pass(message);
  }

  private pass(message: JsonRpcMessage): void {
    if (message.method === "turn/completed" && this.state.readAtCompletion.size > 0) {
      const params = message.params as { threadId?: unknown; turn?: { id?: unknown } } | undefined;
      const turnId = params?.turn?.id;
      if (typeof turnId === "string" && this.state.readAtCompletion.delete(turnId)) {
        void this.completeAfterRead(String(params?.threadId), turnId, message);
        return;
      }
    }
    if (message.method !== undefined && message.id !== undefined)
      this.serverRequests.add(message.id as string | number);
    if (this.state.incoming(message)) this.deliver(message);
    const late = this.state.resumeNow;
    if (late !== undefined) {
      this.state.resumeNow = undefined;
      void this.resumeThreadLate(late);
    }
  }

  /** Holds incoming messages while a thread the reconnect could not resume is resumed (see resumeLate). */
  private async resumeThreadLate(threadId: string): Promise<void> {
    const transport = this.current;
    this.phase = "recovering";
    try {
      const recovered = await resumeLate((m, p) => this.request(m, p), this.state, threadId, delay);
      if (transport !== this.current || this.phase !== "recovering") return;
      for (const message of recovered) this.pass(message);
    } catch (error) {
      if (transport !== this.current || this.phase !== "recovering") return;
      // Its events cannot reach this connection: fail its running turns rather than leave them hanging.
      const why = error instanceof Error ? error.message : String(error);
      for (const [turnId, turn] of [...this.state.turns]) {
        if (turn.threadId !== threadId) continue;
        this.state.recoveredCompletions.add(turnId);
        this.pass(lostTurn(threadId, turnId, `turn ${turnId} cannot be followed after a reconnect: ${why}`));
      }
    }
    this.goLive();
  }

  /**
   * Delivers the `turn/completed` of a turn recovered while running after the items a last `thread/read`
   * shows it missed (see readMissedAtCompletion), holding what arrives meanwhile. If the connection drops
   * during the read, the turn is still running as far as the reconnect knows, and it recovers it.
   */
  private async completeAfterRead(
    threadId: string,
    turnId: string,
    completion: JsonRpcMessage,
  ): Promise<void> {
    const transport = this.current;
    this.phase = "recovering";
    let missed: JsonRpcMessage[] = [];
    try {
      missed = await readMissedAtCompletion((m, p) => this.request(m, p), this.state, threadId, turnId);
    } catch {
      // A drop during the read is the reconnect's to recover (the check below returns). Belt and braces
      // for a send that rejects while this transport is still the current one: the completion is
      // delivered without the missed items and what was held is released, so nothing stays held.
    }
    if (this.closed || transport !== this.current || this.phase !== "recovering") return;
    for (const message of missed) this.pass(message);
    this.pass(completion);
    this.goLive();
  }

  /**
   * Back to passing messages through: what was held meanwhile, in order, then the waiting sends. A held
   * message may start another hold (a late resume, a read at completion): the rest then wait for that one.
   */
  private goLive(): void {
    this.phase = "open";
    while (this.held.length > 0) {
      this.pass(this.held.shift() as JsonRpcMessage);
      if (this.phase !== "open") return;
    }
    this.state.settleRecovery();
    this.openWaiters.settle();
  }

  private dropped(transport: Transport, close: TransportClose): void {
    if (transport !== this.current || this.closed) return;
    this.detach();
    if (close.byClient || this.abort.signal.aborted) {
      this.finish(close);
      return;
    }
    const disconnectedAtMs = Date.now();
    this.phase = "reconnecting";
    this.serverRequests.clear();
    this.held = [];
    this.failPending(close);
    void this.reconnect(close, disconnectedAtMs);
  }

  /** Fails the client's requests awaiting an answer: they were lost with the connection. */
  private failPending(close: TransportClose): void {
    const code = close.code === undefined ? "" : ` (code ${close.code})`;
    for (const [id, request] of this.state.pending) {
      this.deliver({
        jsonrpc: "2.0",
        id,
        error: {
          // a failed write's code: the connection turns it into a TransportClosedError (core's jsonrpc-seam.ts)
          code: connectionGoneCode.writeFailed,
          message: `the connection to ${this.endpoint} dropped${code} before ${request.method} was answered; reconnecting`,
        },
      });
    }
    this.state.pending.clear();
  }

  private async reconnect(close: TransportClose, disconnectedAtMs: number): Promise<void> {
    let attempt = 0;
    try {
      await retryOnOverload(
        async () => {
          attempt++;
          await this.connectOnce(attempt, disconnectedAtMs, close.code);
        },
        {
          maxAttempts: this.options.attempts,
          initialDelayMs: this.options.initialDelayMs,
          maxDelayMs: this.options.maxDelayMs,
          jitterRatio: this.options.jitterRatio,
          // Each attempt is bounded by attemptTimeoutMs; the overall deadline only backs that up.
          timeoutMs: this.options.attempts * (this.options.attemptTimeoutMs + this.options.maxDelayMs) + 1000,
          signal: this.abort.signal,
          // A refused token stays refused: stop at once rather than retry it.
          shouldRetry: (error) => !this.abort.signal.aborted && !(error instanceof UnauthorizedError),
        },
      );
    } catch (error) {
      if (this.closed) return;
      this.attemptsMade = attempt;
      this.finalError = error instanceof Error ? error.message : String(error);
      if (error instanceof UnauthorizedError) this.refused = error;
      this.state.clear();
      this.finish(close);
    }
  }

  /** One attempt: a new transport, `initialize`, resumed threads, recovered turns, then live again. */
  private async connectOnce(attempt: number, disconnectedAtMs: number, closeCode?: number): Promise<void> {
    const transport = this.open();
    this.current = transport;
    this.phase = "recovering";
    this.held = [];
    this.attach(transport);
    const done = this.resubscribe(transport, {
      attempt,
      disconnectedAtMs,
      ...(closeCode === undefined ? {} : { closeCode }),
    });
    const ms = this.options.attemptTimeoutMs;
    try {
      await withTimeout(
        done,
        ms,
        () => new TransportClosedError(`reconnect attempt timed out after ${ms} ms`),
      );
    } catch (error) {
      done.catch(() => {});
      this.detach();
      this.phase = "reconnecting";
      await transport.close().catch(() => {});
      throw error;
    }
  }

  private async resubscribe(
    transport: Transport,
    gap: { attempt: number; disconnectedAtMs: number; closeCode?: number },
  ): Promise<void> {
    await transport.start();
    const init = await this.request("initialize", this.state.initializeParams);
    if (init.error !== undefined) throw new Error(`initialize failed: ${JSON.stringify(init.error)}`);
    if (this.state.initialized) await transport.send({ jsonrpc: "2.0", method: "initialized" });
    const recovered = await recoverTurns((method, params) => this.request(method, params), this.state, gap);
    if (transport !== this.current) throw new Error("superseded");
    // Deliver the gap events and recovered items, then what arrived live meanwhile, in order.
    for (const message of recovered) this.pass(message);
    this.goLive();
  }
}

/**
 * The messages sent while a reconnecting transport has no open connection, waiting for one: released
 * when the reconnect goes live, failed when the transport gives up or closes. Internal to @codexkit/node.
 */
class OpenWaiters {
  private openWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];

  /** Resolves at the next {@link OpenWaiters.settle} without an error; rejects at one with an error. */
  untilOpen(): Promise<void> {
    return new Promise<void>((resolve, reject) => this.openWaiters.push({ resolve, reject }));
  }

  /** Releases every waiter, or fails them all with `error`. */
  settle(error?: Error): void {
    const waiters = this.openWaiters;
    this.openWaiters = [];
    for (const waiter of waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }
}
