import { type Message, RAL } from "vscode-jsonrpc";
import type { Notification } from "../protocol/methods.js";

/**
 * @internal What vscode-jsonrpc has queued of the incoming messages, and the notification fast path past
 * that queue. vscode-jsonrpc queues every incoming message and dispatches one per macrotask (a
 * setImmediate, a LinkedMap entry and a chain of promises each), which capped dispatch at tens of thousands
 * of messages per second. A notification with nothing queued ahead of it is delivered directly,
 * synchronously, to the same listeners and in the same order; anything else (responses, server requests,
 * `$/` notifications, or a notification behind any of them) takes vscode-jsonrpc's queue.
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

  constructor(
    /** Hands a notification to the connection's listeners. */
    private readonly deliver: (notification: Notification) => void,
  ) {}

  /** Counts one message vscode-jsonrpc dispatched from its queue (call from its message strategy). */
  dispatchedOne(): void {
    this.dispatched++;
    this.queued--;
  }

  /**
   * Delivers `message` on the fast path when it is a notification with nothing queued ahead of it and
   * returns true; otherwise counts it as queued for vscode-jsonrpc and returns false.
   */
  deliverDirectly(message: Message): boolean {
    const { method, id } = message as { method?: unknown; id?: unknown };
    if (
      this.queued === 0 &&
      !this.delivering &&
      !this.stopped &&
      id === undefined &&
      typeof method === "string" &&
      !method.startsWith("$/")
    ) {
      this.delivering = true;
      try {
        this.deliver({ method, params: (message as { params?: unknown }).params } as Notification);
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
