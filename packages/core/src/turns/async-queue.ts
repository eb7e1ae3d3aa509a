/**
 * A single-consumer async queue: producers `push` synchronously, one consumer iterates with `for await`.
 * `end()` finishes iteration after the buffered values; `fail(error)` makes the next read reject.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly values: T[] = [];
  private head = 0;
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private done = false;
  private error: unknown;
  private iterating = false;

  /** Adds a value; ignored after the queue ended. */
  push(value: T): void {
    if (this.done) return;
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve({ value, done: false });
      return;
    }
    this.values.push(value);
  }

  /** Ends the queue; the consumer still receives what is buffered. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.settleWaiter();
  }

  /** Ends the queue with an error, delivered after what is buffered. */
  fail(error: unknown): void {
    if (this.done) return;
    this.error = error;
    this.done = true;
    this.settleWaiter();
  }

  /** Whether `end()` or `fail()` was called. */
  get isDone(): boolean {
    return this.done;
  }

  /** Values waiting for the consumer. */
  get size(): number {
    return this.values.length - this.head;
  }

  private settleWaiter(): void {
    if (!this.waiter) return;
    const waiter = this.waiter;
    this.waiter = undefined;
    if (this.error !== undefined) waiter.reject(this.error);
    else waiter.resolve({ value: undefined, done: true });
  }

  private shift(): T {
    const value = this.values[this.head] as T;
    this.values[this.head] = undefined as T;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.values.length) {
      this.values.splice(0, this.head);
      this.head = 0;
    }
    return value;
  }

  /** The next value, waiting for one if none is buffered; `done` after the end. */
  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) return Promise.resolve({ value: this.shift(), done: false });
    if (this.done) {
      if (this.error !== undefined) {
        const error = this.error;
        this.error = undefined;
        return Promise.reject(error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Iterates the queue once; a second iteration throws. Breaking out ends the queue. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.iterating)
      throw new Error("This stream is already being consumed; a turn's stream can be read once");
    this.iterating = true;
    return {
      next: () => this.next(),
      return: async () => {
        this.end();
        return { value: undefined, done: true };
      },
    };
  }
}
