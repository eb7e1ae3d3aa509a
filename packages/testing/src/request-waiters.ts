/**
 * Promises that resolve once a request log reaches a given length, with a timeout.
 *
 * @module
 */

import type { RecordedRequest } from "./recorded-request.js";
import { scaledTimeout } from "./time-scale.js";

/** Options of the `waitFor…` methods. */
export interface WaitOptions {
  /** Reject after this many milliseconds (default `scaledTimeout(5000)`: 5 s times `CODEXKIT_TEST_TIME_SCALE`). */
  timeoutMs?: number;
}

interface Waiter {
  check(): boolean;
  fail(reason: string): void;
}

/** Tracks pending waits on request logs; call {@link RequestWaiters.notify} after each append. */
export class RequestWaiters {
  readonly #waiters = new Set<Waiter>();
  #closedReason: string | undefined;

  /** Resolves with a copy of `log` once it holds at least `count` entries. */
  wait(log: readonly RecordedRequest[], count: number, what: string, options: WaitOptions = {}) {
    const timeoutMs = options.timeoutMs ?? scaledTimeout(5000);
    return new Promise<RecordedRequest[]>((resolve, reject) => {
      if (log.length >= count) {
        resolve([...log]);
        return;
      }
      if (this.#closedReason !== undefined) {
        reject(new Error(`${this.#closedReason} while waiting for ${count} ${what} (got ${log.length})`));
        return;
      }
      const waiter: Waiter = {
        check: () => {
          if (log.length < count) return false;
          finish();
          resolve([...log]);
          return true;
        },
        fail: (reason) => {
          finish();
          reject(new Error(`${reason} while waiting for ${count} ${what} (got ${log.length})`));
        },
      };
      const timer = setTimeout(() => waiter.fail(`Timed out after ${timeoutMs} ms`), timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      this.#waiters.add(waiter);
    });
  }

  /** Re-checks every pending wait. */
  notify(): void {
    for (const waiter of [...this.#waiters]) waiter.check();
  }

  /** Rejects every pending wait (and all future ones) with `reason`. */
  closeAll(reason: string): void {
    this.#closedReason = reason;
    for (const waiter of [...this.#waiters]) waiter.fail(reason);
  }
}
