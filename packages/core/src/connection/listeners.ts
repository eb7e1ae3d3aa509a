/** A minimal synchronous event emitter: listeners run in subscription order; one throwing does not stop others. */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Subscribes; returns the unsubscribe function. */
  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

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

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
