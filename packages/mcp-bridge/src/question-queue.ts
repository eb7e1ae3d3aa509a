import { randomUUID } from "node:crypto";
import type { ElicitRequestFormParams, ElicitResult } from "@modelcontextprotocol/server";
import type { Elicit } from "./approvals.js";

/** An approval question a run waits on until a call returns it to the client and the retry answers it. */
export interface PendingQuestion {
  /** Random; the `requestState` of the `input_required` result that carries the question. */
  readonly id: string;
  /** The form elicitation. */
  readonly params: ElicitRequestFormParams;
  /** Whether it was answered, timed out or aborted. */
  readonly settled: boolean;
  /** Gives the client's answer to the run (ignored once settled). */
  answer(result: ElicitResult): void;
}

/**
 * The approval questions of one run whose client speaks protocol revision 2026-07-28. That revision has no
 * server-to-client requests: a question waits here until the call following the run (`codex_run` itself, or
 * `codex_wait`) returns it as an `input_required` result; the client asks its user and retries the call with
 * the answer. A question nobody answers within the approval timeout is refused, as on a 2025-era connection.
 */
export class QuestionQueue {
  private readonly pending: PendingQuestion[] = [];
  private readonly waiters = new Set<() => void>();

  /** Asks a question: resolves with the client's answer; rejects on timeout or when `signal` aborts. */
  readonly elicit: Elicit = (params, { signal, timeoutMs }) =>
    new Promise<ElicitResult>((resolve, reject) => {
      let settled = false;
      const settle = (result: ElicitResult | undefined, error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        const index = this.pending.indexOf(question);
        if (index >= 0) this.pending.splice(index, 1);
        if (result) resolve(result);
        else reject(error);
      };
      const onAbort = () => settle(undefined, new Error("the run stopped before the question was answered"));
      const timer = setTimeout(
        () => settle(undefined, new Error(`the client's answer timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
      const question: PendingQuestion = {
        id: randomUUID(),
        params,
        get settled() {
          return settled;
        },
        answer: (result) => settle(result),
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      this.pending.push(question);
      for (const wake of this.waiters) wake();
    });

  /** The oldest unanswered question, if any. */
  next(): PendingQuestion | undefined {
    return this.pending[0];
  }

  /** The unanswered question with this id. */
  find(id: string): PendingQuestion | undefined {
    return this.pending.find((question) => question.id === id);
  }

  /** Resolves as soon as a question is waiting (at once when one is); `stop` ends the wait early. */
  asked(): { promise: Promise<void>; stop: () => void } {
    let stop = () => {};
    const promise = new Promise<void>((resolve) => {
      if (this.pending.length > 0) return resolve();
      const wake = () => {
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
      stop = () => this.waiters.delete(wake);
    });
    return { promise, stop };
  }
}
