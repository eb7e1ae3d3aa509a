import { isRetryableError } from "./error-mapping.js";
import { AbortError, InvalidInputError, TimeoutError } from "./errors.js";

/** Options of {@link retryOnOverload}. Defaults match the upstream Python SDK. */
export interface RetryOptions {
  /** Attempts in all, including the first. Default 3. */
  maxAttempts?: number;
  /** Delay before the second attempt, in ms. Doubles after each retry. Default 250. */
  initialDelayMs?: number;
  /** Upper bound of any delay, in ms. Default 2000. */
  maxDelayMs?: number;
  /** Random spread of each delay as a fraction of it (0.2 = ±20%). Default 0.2. */
  jitterRatio?: number;
  /** Overall deadline for all attempts and delays, in ms. Default 300000 (5 min). */
  timeoutMs?: number;
  /** Stops waiting and rejects with {@link AbortError}. */
  signal?: AbortSignal;
  /** Decides which errors are retried. Default {@link isRetryableError}. */
  shouldRetry?: (error: unknown) => boolean;
  /** Source of randomness in [0, 1), for tests. Default `Math.random`. */
  random?: () => number;
}

/** The delays {@link retryOnOverload} uses, resolved from {@link RetryOptions}. */
export const RETRY_DEFAULTS = Object.freeze({
  /** Attempts in all, including the first. */
  maxAttempts: 3,
  /** Delay before the first retry; doubled for each later one. */
  initialDelayMs: 250,
  /** Upper bound of a delay. */
  maxDelayMs: 2000,
  /** Random spread of each delay, as a fraction of it. */
  jitterRatio: 0.2,
  /** Overall deadline across attempts. */
  timeoutMs: 300_000,
});

function checkNumber(name: string, value: number, min: number, exclusiveMin = false): void {
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < min ||
    (exclusiveMin && value === min)
  ) {
    throw new InvalidInputError(
      `retryOnOverload: ${name} must be a finite number ${exclusiveMin ? ">" : ">="} ${min}, got ${String(value)}`,
    );
  }
}

/**
 * Runs `operation`, retrying it with exponential backoff and jitter while it fails with a transient
 * overload error (JSON-RPC -32001, see {@link isRetryableError}). Other errors are thrown at once.
 *
 * @example
 * ```ts
 * const models = await retryOnOverload(() => codex.models(), { maxAttempts: 5 });
 * ```
 * @throws the last error once `maxAttempts` is reached; {@link TimeoutError} past `timeoutMs`;
 *   {@link AbortError} when `signal` aborts.
 */
export async function retryOnOverload<T>(
  operation: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { maxAttempts, initialDelayMs, maxDelayMs, jitterRatio, timeoutMs } = {
    ...RETRY_DEFAULTS,
    ...stripUndefined(options),
  };
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new InvalidInputError(
      `retryOnOverload: maxAttempts must be an integer >= 1, got ${String(maxAttempts)}`,
    );
  }
  checkNumber("initialDelayMs", initialDelayMs, 0);
  checkNumber("maxDelayMs", maxDelayMs, 0);
  checkNumber("jitterRatio", jitterRatio, 0);
  checkNumber("timeoutMs", timeoutMs, 0, true);
  const shouldRetry = options.shouldRetry ?? isRetryableError;
  const random = options.random ?? Math.random;
  const signal = options.signal;
  const deadline = Date.now() + timeoutMs;
  let delay = initialDelayMs;

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new AbortError("retryOnOverload aborted", { cause: signal.reason });
    if (Date.now() >= deadline)
      throw new TimeoutError(`retryOnOverload: deadline of ${timeoutMs} ms exceeded`);
    try {
      const result = await bounded(operation(), deadline, timeoutMs, signal);
      if (Date.now() > deadline)
        throw new TimeoutError(`retryOnOverload: deadline of ${timeoutMs} ms exceeded`);
      return result;
    } catch (error) {
      if (error instanceof TimeoutError || attempt >= maxAttempts || !shouldRetry(error)) throw error;
      const base = Math.min(maxDelayMs, delay);
      const jittered = base + (random() * 2 - 1) * base * jitterRatio;
      const wait = Math.min(Math.max(0, Math.min(maxDelayMs, jittered)), Math.max(0, deadline - Date.now()));
      await sleep(wait, signal);
      delay = Math.min(maxDelayMs, delay * 2);
    }
  }
}

/**
 * Settles like `attempt`, unless the deadline passes (TimeoutError) or `signal` aborts (AbortError) first:
 * an attempt that never answers must not hold the caller past the deadline. A late outcome is ignored.
 */
function bounded<T>(
  attempt: Promise<T>,
  deadline: number,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      cleanup();
      reject(new AbortError("retryOnOverload aborted", { cause: signal?.reason }));
    };
    const timer = setTimeout(
      () => {
        cleanup();
        reject(new TimeoutError(`retryOnOverload: deadline of ${timeoutMs} ms exceeded`));
      },
      Math.max(0, deadline - Date.now()),
    );
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    attempt.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    // An "abort" listener added to an already-aborted signal never fires: check first.
    if (signal?.aborted) {
      reject(new AbortError("retryOnOverload aborted", { cause: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError("retryOnOverload aborted", { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
