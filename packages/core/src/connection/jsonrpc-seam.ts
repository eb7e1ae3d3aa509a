/**
 * The one seam where codexkit goes around vscode-jsonrpc. The library stays (the project's design names it) and
 * does what it is built for: request ids, pending requests and their answers, error answers, notifications
 * codexkit sends. Four things it does not do the way codexkit needs, each handled here and only here:
 *
 * 1. **Its runtime layer.** The common entry point has none until `vscode-jsonrpc/node` or `/browser` is loaded;
 *    core is runtime-neutral and may load neither, so {@link ensureJsonRpcRuntime} installs a minimal one.
 * 2. **Its incoming queue.** It dispatches one incoming message per macrotask; {@link IncomingQueue} hands
 *    notifications and server requests over directly when nothing is queued ahead of them.
 * 3. **Its request handlers.** Server requests (approvals, tool calls) are answered by codexkit's dispatcher,
 *    which decides ownership and fail-closed defaults; {@link createRpcConnection}'s message strategy routes the
 *    ones that waited in the queue there too, in arrival order.
 * 4. **Its error codes for a dead connection.** A request on a disposed connection or a failed write rejects with
 *    a `ResponseError` carrying a code of its own ({@link connectionGoneCode}); codexkit reports the close instead.
 */
import {
  createMessageConnection,
  type Message,
  type MessageConnection,
  type MessageReader,
  type MessageWriter,
  NullLogger,
  RAL,
} from "vscode-jsonrpc";
import type { Notification } from "../protocol/methods.js";

/**
 * vscode-jsonrpc's common entry point has no runtime layer until `vscode-jsonrpc/node` or `/browser` is
 * loaded, and a connection created without one never processes messages. Core must not import either
 * (it is runtime-neutral), so when no runtime is installed yet we install a minimal one built only on
 * web-standard globals. Our JSONL reader and writer do not use its message buffers or content encoders.
 */
export function ensureJsonRpcRuntime(): void {
  try {
    RAL();
    return;
  } catch {
    // not installed yet: fall through
  }
  const unsupported = (what: string) => () => {
    throw new Error(
      `codexkit's neutral runtime does not provide ${what}; load vscode-jsonrpc/node or /browser`,
    );
  };
  RAL.install({
    crypto: { randomUUID: () => globalThis.crypto.randomUUID() },
    applicationJson: {
      encoder: { name: "application/json", encode: unsupported("content encoders") },
      decoder: { name: "application/json", decode: unsupported("content decoders") },
    },
    messageBuffer: { create: unsupported("message buffers") },
    console: globalThis.console,
    timer: {
      setTimeout(callback, ms, ...args) {
        const handle = setTimeout(callback, ms, ...args);
        return { dispose: () => clearTimeout(handle) };
      },
      setImmediate(callback, ...args) {
        // Node and Bun have setImmediate (no 1 ms clamp); elsewhere (Deno, workers) a zero timeout.
        const immediate = (globalThis as { setImmediate?: (cb: () => void) => unknown }).setImmediate;
        const clear = (globalThis as { clearImmediate?: (handle: unknown) => void }).clearImmediate;
        if (immediate && clear) {
          const handle = immediate(() => callback(...args));
          return { dispose: () => clear(handle) };
        }
        const handle = setTimeout(callback, 0, ...args);
        return { dispose: () => clearTimeout(handle) };
      },
      setInterval(callback, ms, ...args) {
        const handle = setInterval(callback, ms, ...args);
        return { dispose: () => clearInterval(handle) };
      },
    },
  });
}

/** @internal Where {@link IncomingQueue} hands what it delivers directly. */
export interface DirectDelivery {
  /** Hands a notification to the connection's listeners. */
  notification(notification: Notification): void;
  /** Answers a server request (the connection sends the response itself). */
  request(id: string | number, method: string, params: unknown): void;
}

/**
 * @internal What vscode-jsonrpc has queued of the incoming messages, and the fast path past that queue.
 * vscode-jsonrpc queues every incoming message and dispatches one per macrotask (a setImmediate, a
 * LinkedMap entry and a chain of promises each), which capped dispatch at tens of thousands of messages per
 * second and put a macrotask between a server request (a tool call) and its answer. A notification or a
 * server request with nothing queued ahead of it is handed over directly, synchronously, in arrival order;
 * anything else (responses, `$/` methods, or a message behind any queued one) takes vscode-jsonrpc's queue.
 */
export class IncomingQueue {
  /** Messages vscode-jsonrpc has dispatched from its queue; used to drain the queue on close. */
  private dispatched = 0;
  /**
   * Messages handed to vscode-jsonrpc and not dispatched yet. Never below the real queue length (every
   * message handed over is counted, every dispatch uncounted), so 0 means nothing is queued ahead.
   */
  private queued = 0;
  /** True while a notification is being delivered on the fast path (a re-entrant one must queue). */
  private delivering = false;
  private stopped = false;

  constructor(private readonly deliver: DirectDelivery) {}

  /** Counts one message vscode-jsonrpc dispatched from its queue (call from its message strategy). */
  dispatchedOne(): void {
    this.dispatched++;
    this.queued--;
  }

  /**
   * Delivers `message` on the fast path when it is a notification or a server request with nothing queued
   * ahead of it and returns true; otherwise counts it as queued for vscode-jsonrpc and returns false.
   */
  deliverDirectly(message: Message): boolean {
    const { method, id, params } = message as { method?: unknown; id?: unknown; params?: unknown };
    if (
      this.queued === 0 &&
      !this.delivering &&
      !this.stopped &&
      id !== null &&
      typeof method === "string" &&
      !method.startsWith("$/")
    ) {
      this.delivering = true;
      try {
        if (id === undefined) this.deliver.notification({ method, params } as Notification);
        else this.deliver.request(id as string | number, method, params);
      } finally {
        this.delivering = false;
      }
      return true;
    }
    this.queued++;
    return false;
  }

  /** Turns the fast path off (the connection is disposed): later messages go to vscode-jsonrpc. */
  stop(): void {
    this.stopped = true;
  }

  /** Waits until vscode-jsonrpc's incoming queue is empty: a tick in which it dispatched nothing. */
  async drain(): Promise<void> {
    const tick = () => new Promise<void>((resolve) => RAL().timer.setImmediate(resolve));
    let seen: number;
    do {
      seen = this.dispatched;
      await tick();
    } while (this.dispatched !== seen);
  }
}

/**
 * @internal A vscode-jsonrpc connection over `reader` and `writer` whose queued server requests go to
 * `answerServerRequest` (see this module's point 3) and whose dispatches are counted by `incoming`. Cancellation
 * tokens are never passed (codex does not implement `$/cancelRequest`); AbortSignal is handled by the caller.
 */
export function createRpcConnection(
  reader: MessageReader,
  writer: MessageWriter,
  incoming: IncomingQueue,
  answerServerRequest: DirectDelivery["request"],
): MessageConnection {
  ensureJsonRpcRuntime();
  return createMessageConnection(reader, writer, NullLogger, {
    messageStrategy: {
      handleMessage: (message, next) => {
        incoming.dispatchedOne();
        const { id, method, params } = message as {
          id?: string | number | null;
          method?: unknown;
          params?: unknown;
        };
        if (typeof method === "string" && id !== undefined && id !== null) {
          answerServerRequest(id, method, params);
          return;
        }
        return next(message);
      },
    },
  });
}

/** vscode-jsonrpc's codes for a request that failed because the connection is gone, not because codex answered. */
export const connectionGoneCode = {
  /** The connection was disposed (closed) with the request pending, or before it was sent. */
  disposed: -32097,
  /** Writing the request to the transport failed. */
  writeFailed: -32099,
} as const;
