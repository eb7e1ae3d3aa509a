/**
 * A counting semaphore for turns: `take()` resolves at once while fewer than `limit` slots are taken,
 * else when one is given back (first in, first out). Internal to @codexkit/node.
 */
export class TurnSlots {
  private taken = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number = Number.POSITIVE_INFINITY) {}

  /** Turns waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves once a slot is held. */
  take(): Promise<void> {
    if (this.taken < this.limit) {
      this.taken++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Gives a slot back: the oldest waiter gets it. */
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.taken = Math.max(0, this.taken - 1);
  }
}
