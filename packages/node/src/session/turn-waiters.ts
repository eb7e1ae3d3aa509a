/**
 * The turns of one session seen in `turn/started` and not completed yet, and who waits for a turn to
 * start or to complete. Internal to @codexkit/node.
 */
export class TurnWaiters {
  private readonly completionWaiters = new Map<string, Array<() => void>>();
  /** Turns seen in `turn/started` and not completed yet, and who waits for a turn to start. */
  private readonly activeTurns = new Set<string>();
  private readonly startWaiters = new Map<string, Array<() => void>>();

  /** How many turns are running (started, not completed). */
  get active(): number {
    return this.activeTurns.size;
  }

  /** Whether `turn/started` for `turnId` has been seen and its `turn/completed` not yet. */
  isActive(turnId: string): boolean {
    return this.activeTurns.has(turnId);
  }

  /** Resolves at the next {@link TurnWaiters.completed} of `turnId` (or {@link TurnWaiters.closed}). */
  whenCompleted(turnId: string): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.completionWaiters.get(turnId);
      if (waiters) waiters.push(resolve);
      else this.completionWaiters.set(turnId, [resolve]);
    });
  }

  /** Resolves at the next {@link TurnWaiters.started} (or completion) of `turnId`, or {@link TurnWaiters.closed}. */
  whenStarted(turnId: string): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.startWaiters.get(turnId);
      if (waiters) waiters.push(resolve);
      else this.startWaiters.set(turnId, [resolve]);
    });
  }

  /** `turn/started` for `turnId` was seen. */
  started(turnId: string): void {
    this.activeTurns.add(turnId);
    this.resolveStartWaiters(turnId);
  }

  /** `turn/completed` for `turnId` was seen. */
  completed(turnId: string): void {
    this.activeTurns.delete(turnId);
    this.resolveStartWaiters(turnId);
    const waiters = this.completionWaiters.get(turnId);
    this.completionWaiters.delete(turnId);
    for (const resolve of waiters ?? []) resolve();
  }

  /** The connection closed: every waiter resolves, no turn runs any more. */
  closed(): void {
    for (const waiters of this.completionWaiters.values()) for (const resolve of waiters) resolve();
    this.completionWaiters.clear();
    for (const waiters of this.startWaiters.values()) for (const resolve of waiters) resolve();
    this.startWaiters.clear();
    this.activeTurns.clear();
  }

  /** Sizes of the maps, for leak checks. */
  stats(): Record<string, number> {
    return {
      completionWaiters: this.completionWaiters.size,
      activeTurns: this.activeTurns.size,
      startWaiters: this.startWaiters.size,
    };
  }

  private resolveStartWaiters(turnId: string): void {
    const waiters = this.startWaiters.get(turnId);
    this.startWaiters.delete(turnId);
    for (const resolve of waiters ?? []) resolve();
  }
}
