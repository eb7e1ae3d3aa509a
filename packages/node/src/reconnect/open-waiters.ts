/**
 * The messages sent while a reconnecting transport has no open connection, waiting for one: released
 * when the reconnect goes live, failed when the transport gives up or closes. Internal to @codexkit/node.
 */
export class OpenWaiters {
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
