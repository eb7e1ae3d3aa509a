/** A minimal synchronous event emitter: listeners run in subscription order; one throwing does not stop others. */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Subscribes; returns the unsubscribe function. */
  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls every listener with `value`; an error thrown by one is rethrown asynchronously, after the others ran. */
  emit(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** How many listeners are subscribed. */
  get size(): number {
    return this.listeners.size;
  }

  /** Removes every listener. */
  clear(): void {
    this.listeners.clear();
  }
}
