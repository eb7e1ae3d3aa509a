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
import { withTimeout } from "../internal/async.js";
import {
  type ReconnectOptions,
  type ResolvedReconnectOptions,
  resolveReconnectOptions,
} from "./reconnect-options.js";
import type { ReconnectGap, ReconnectOwner, StillCurrent } from "./reconnect-owner.js";

/**
 * The transport a client connects over: `open()`'s, or, with `reconnect` on a remote `url`, a maker of a
 * {@link ReconnectingTransport} that calls `open()` again after each drop and has its owner (the session)
 * restore the protocol state. Internal to @codexkit/node.
 */
export function withReconnect(
  options: { reconnect?: boolean | ReconnectOptions | undefined; url?: string | undefined },
  open: () => Transport,
): Transport | ((owner: ReconnectOwner) => ReconnectingTransport) {
  const reconnect = resolveReconnectOptions(options.reconnect);
  if (!reconnect || options.url === undefined) return open();
  return (owner) => new ReconnectingTransport(open, reconnect, owner);
}

/** An incoming message held back, and whether its owner was already asked about it. */
interface Held {
  message: JsonRpcMessage;
  asked: boolean;
}

/**
 * A {@link Transport} that survives drops, at the wire level only: when the inner transport closes without
 * the client asking, it fails the client's requests pending at the drop at once (they surface as
 * `TransportClosedError`), opens a new transport with backoff and jitter, and has its {@link ReconnectOwner}
 * recover on it, holding incoming notifications and server requests meanwhile (answers pass: the owner's
 * recovery requests go through the normal connection); then it delivers what it held, in order. Requests
 * sent while there is no connection wait for one. Answers to server requests of a dead connection are
 * dropped (the server re-sends those requests to the resumed client). The owner may hold incoming messages
 * at other times too ({@link ReconnectingTransport.hold}, {@link ReconnectOwner.holdBefore}). Only when
 * every attempt fails does it close, with an error saying so. Internal to @codexkit/node
 * (`CodexOptions.reconnect`).
 */
export class ReconnectingTransport extends AbstractTransport {
  readonly endpoint: string;
  readonly exclusive = false;
  private current: Transport;
  private unsubscribe: Array<() => void> = [];
  /** The client's requests awaiting an answer on the current connection: id → method. */
  private readonly pending = new Map<string | number, string>();
  /** Server requests received on the current transport: only their answers are forwarded. */
  private serverRequests = new Set<string | number>();
  /** "open": a live connection; "reconnecting": none; "recovering": a new one, its owner recovering. */
  private phase: "open" | "reconnecting" | "recovering" = "open";
  /** Incoming notifications and server requests held while recovering or while the owner holds them. */
  private held: Held[] = [];
  /** The owner's holds in progress on the current connection. */
  private holds = 0;
  /** Bumped whenever the current connection is gone: holds and recoveries of an older one are void. */
  private epoch = 0;
  /** The start of the connection being recovered: sends while recovering wait for it. */
  private opening: Promise<void> = Promise.resolve();
  /** Fails the attempt in progress when its new connection closes. */
  private failAttempt: ((error: Error) => void) | undefined;
  private readonly abort = new AbortController();
  private finalError: string | undefined;
  /** Why reconnecting stopped, when the server refused the token (then it stopped at the first refusal). */
  private refused: UnauthorizedError | undefined;
  private attemptsMade = 0;
  private starting: Promise<void> | undefined;
  /** Messages sent while there is no connection, waiting for one. */
  private readonly openWaiters = new OpenWaiters();

  constructor(
    private readonly open: () => Transport,
    private readonly options: ResolvedReconnectOptions,
    private readonly owner: ReconnectOwner,
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
    const id = message.id as string | number | undefined;
    if (message.method === undefined && id !== undefined) {
      // An answer to a request of a dropped connection: the server re-sends that request after the resume.
      if (this.phase === "reconnecting" || !this.serverRequests.delete(id)) return;
      return this.current.send(message);
    }
    // Sent while there is no connection: waits for the reconnect (and fails if it gives up).
    if (this.phase === "reconnecting") await this.openWaiters.untilOpen();
    // The owner's recovery begins with the attempt: its first requests wait for the new connection to open.
    if (this.phase === "recovering") await this.opening;
    if (id !== undefined) this.pending.set(id, String(message.method));
    try {
      await this.current.send(message);
    } catch (error) {
      if (id !== undefined) this.pending.delete(id);
      throw error;
    }
  }

  /**
   * Holds incoming notifications and server requests (answers pass) while `work` runs, then delivers them
   * in order. `work` is called at once; `current()` tells it whether its connection is still the live one.
   */
  hold(work: (current: StillCurrent) => Promise<void>): void {
    let done: Promise<void>;
    try {
      done = work(this.stillCurrent());
    } catch (error) {
      done = Promise.reject(error);
    }
    this.holdUntil(done);
  }

  protected override finish(close: TransportClose): void {
    super.finish(close);
    this.openWaiters.settle(new TransportClosedError(`The connection to ${this.endpoint} is closed`));
  }

  async close(): Promise<void> {
    this.abort.abort();
    const current = this.current;
    this.detach();
    this.epoch++;
    await current.close().catch(() => {});
    this.pending.clear();
    this.held = [];
    this.finish({ byClient: true });
  }

  /** Sizes of the bookkeeping, for leak checks (`codex.stats()`). */
  stats(): Record<string, number> {
    return {
      reconnectPending: this.pending.size,
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

  private stillCurrent(): StillCurrent {
    const epoch = this.epoch;
    return () => epoch === this.epoch && !this.closed;
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
    if (message.method === undefined) {
      // An answer: never held (the owner's recovery waits for its own).
      if (message.id !== undefined) this.pending.delete(message.id as string | number);
      this.deliver(message);
      return;
    }
    if (this.phase !== "open" || this.holds > 0) {
      this.held.push({ message, asked: false });
      return;
    }
    this.pass({ message, asked: false });
  }

  /** Delivers a notification or server request, unless the owner holds it (and what follows) first. */
  private pass(entry: Held): void {
    const { message } = entry;
    if (!entry.asked && message.id === undefined) {
      const work = this.owner.holdBefore(message, this.stillCurrent());
      if (work) {
        this.held.unshift({ message, asked: true });
        this.holdUntil(work);
        return;
      }
    }
    if (message.id !== undefined) this.serverRequests.add(message.id as string | number);
    this.deliver(message);
  }

  private holdUntil(done: Promise<void>): void {
    const epoch = this.epoch;
    this.holds++;
    void done
      .catch(() => {})
      .then(() => {
        if (epoch !== this.epoch) return;
        this.holds--;
        this.release();
      });
  }

  /** Delivers what was held, in order, while nothing holds it; a held message may start another hold. */
  private release(): void {
    while (this.phase === "open" && this.holds === 0 && this.held.length > 0)
      this.pass(this.held.shift() as Held);
  }

  /** The current connection is gone: what was held and the holds on it with it; its requests fail. */
  private forgetConnection(close: TransportClose): void {
    this.epoch++;
    this.holds = 0;
    this.held = [];
    this.serverRequests.clear();
    this.failPending(close);
  }

  private dropped(transport: Transport, close: TransportClose): void {
    if (transport !== this.current || this.closed) return;
    this.detach();
    if (close.byClient || this.abort.signal.aborted) {
      this.finish(close);
      return;
    }
    this.forgetConnection(close);
    if (this.phase === "recovering") {
      // A new connection that closed during its recovery: that attempt failed, the next one follows.
      this.failAttempt?.(
        new TransportClosedError(`The connection to ${this.endpoint} closed while recovering`),
      );
      return;
    }
    this.phase = "reconnecting";
    void this.reconnect(close, Date.now());
  }

  /** Fails the client's requests awaiting an answer: they were lost with the connection. */
  private failPending(close: TransportClose): void {
    const code = close.code === undefined ? "" : ` (code ${close.code})`;
    const pending = [...this.pending];
    this.pending.clear();
    for (const [id, method] of pending) {
      this.deliver({
        jsonrpc: "2.0",
        id,
        error: {
          // a failed write's code: the connection turns it into a TransportClosedError (core's jsonrpc-seam.ts)
          code: connectionGoneCode.writeFailed,
          message: `the connection to ${this.endpoint} dropped${code} before ${method} was answered; reconnecting`,
        },
      });
    }
  }

  private async reconnect(close: TransportClose, disconnectedAtMs: number): Promise<void> {
    let attempt = 0;
    try {
      await retryOnOverload(
        async () => {
          attempt++;
          await this.connectOnce({
            attempt,
            disconnectedAtMs,
            ...(close.code === undefined ? {} : { closeCode: close.code }),
          });
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
      this.pending.clear();
      this.finish(close);
    }
  }

  /** One attempt: a new transport, the owner's recovery on it (messages held), then live again. */
  private async connectOnce(gap: ReconnectGap): Promise<void> {
    const transport = this.open();
    this.current = transport;
    this.epoch++;
    this.holds = 0;
    this.held = [];
    this.phase = "recovering";
    const closed = new Promise<never>((_, reject) => {
      this.failAttempt = reject;
    });
    closed.catch(() => {});
    this.attach(transport);
    // Started and recovered in one go: the owner's requests wait for the start (see send).
    const started = transport.start();
    this.opening = started.catch(() => {});
    let recovered: Promise<void>;
    try {
      recovered = this.owner.recover(gap, this.stillCurrent());
    } catch (error) {
      recovered = Promise.reject(error);
    }
    recovered.catch(() => {});
    // A start that fails says why (a refused token stops the retries), before the close it causes.
    const done = started.then(() => Promise.race([recovered, closed]));
    const ms = this.options.attemptTimeoutMs;
    try {
      await withTimeout(
        done,
        ms,
        () => new TransportClosedError(`reconnect attempt timed out after ${ms} ms`),
      );
    } catch (error) {
      done.catch(() => {});
      this.failAttempt = undefined;
      if (this.current === transport) {
        this.detach();
        this.forgetConnection({ byClient: false });
      }
      this.phase = "reconnecting";
      await transport.close().catch(() => {});
      throw error;
    }
    this.failAttempt = undefined;
    this.phase = "open";
    this.release();
    this.openWaiters.settle();
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
