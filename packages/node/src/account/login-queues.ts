import type { AccountLoginCompletedNotification, CodexError } from "@codexkit/core";
import { AsyncQueue } from "@codexkit/core/internal";

/** Login completions kept for logins nobody waits on yet. */
const MAX_EARLY_LOGINS = 16;

/**
 * The `account/login/completed` notifications of one session, per login attempt: queued for whoever waits
 * on that login, or kept (a bounded number) until someone does. Internal to @codexkit/node.
 */
export class LoginQueues {
  private readonly loginQueues = new Map<string, AsyncQueue<AccountLoginCompletedNotification>>();
  private readonly earlyLogins = new Map<string, AccountLoginCompletedNotification>();

  /** How many logins are waited on. */
  get size(): number {
    return this.loginQueues.size;
  }

  /**
   * The queue of `account/login/completed` for one login attempt (buffered if it came first); failed with
   * `closeError` at once when the session has closed.
   */
  queue(loginId: string, closeError: CodexError | undefined): AsyncQueue<AccountLoginCompletedNotification> {
    let queue = this.loginQueues.get(loginId);
    if (!queue) {
      queue = new AsyncQueue();
      if (closeError) queue.fail(closeError);
      this.loginQueues.set(loginId, queue);
      const early = this.earlyLogins.get(loginId);
      if (early) {
        this.earlyLogins.delete(loginId);
        queue.push(early);
      }
    }
    return queue;
  }

  /** Nobody waits on `loginId` any more. */
  forget(loginId: string): void {
    this.loginQueues.delete(loginId);
  }

  /** `account/login/completed` for `loginId` was seen: queued for its waiter, or kept until one comes. */
  completed(loginId: string, completion: AccountLoginCompletedNotification): void {
    const queue = this.loginQueues.get(loginId);
    if (queue) queue.push(completion);
    else this.rememberEarlyLogin(loginId, completion);
  }

  /** The connection closed: every waited-on login fails with `error`. */
  fail(error: CodexError): void {
    for (const queue of this.loginQueues.values()) queue.fail(error);
  }

  /** Sizes of the maps, for leak checks. */
  stats(): Record<string, number> {
    return { loginQueues: this.loginQueues.size, earlyLogins: this.earlyLogins.size };
  }

  /** Keeps a completion nobody waits for yet (bounded: abandoned logins must not accumulate). */
  private rememberEarlyLogin(loginId: string, completion: AccountLoginCompletedNotification): void {
    this.earlyLogins.set(loginId, completion);
    if (this.earlyLogins.size > MAX_EARLY_LOGINS) {
      const oldest = this.earlyLogins.keys().next().value;
      if (oldest !== undefined) this.earlyLogins.delete(oldest);
    }
  }
}
