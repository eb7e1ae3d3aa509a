import { type Message, RAL } from "vscode-jsonrpc";
import type { Notification } from "../protocol/methods.js";

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
