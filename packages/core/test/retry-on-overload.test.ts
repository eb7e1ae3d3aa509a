import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AbortError,
  InvalidInputError,
  InvalidRequestError,
  JsonRpcError,
  RETRY_DEFAULTS,
  type RetryOptions,
  retryOnOverload,
  ServerBusyError,
  TimeoutError,
} from "../src/index.js";

const busy = () => new ServerBusyError(-32001, "Server overloaded; retry later.");

/** Settles a promise into a value so a rejection is never unhandled while timers run. */
function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** An operation that fails with `failures` (in order) and then returns "ok"; records fake-clock call times. */
function flaky(failures: unknown[]) {
  const calls: number[] = [];
  const operation = vi.fn(async () => {
    calls.push(Date.now());
    const failure = failures[calls.length - 1];
    if (failure !== undefined) throw failure;
    return "ok";
  });
  const delays = () => calls.slice(1).map((t, i) => t - calls[i]!);
  return { operation, calls, delays };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
});

afterEach(() => {
  vi.useRealTimers();
});

describe("retryOnOverload", () => {
  it("returns at once when the first attempt succeeds", async () => {
    const { operation } = flaky([]);
    await expect(retryOnOverload(operation)).resolves.toBe("ok");
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it("succeeds after N ServerBusyError failures, waiting between attempts", async () => {
    const { operation, delays } = flaky([busy(), busy(), busy()]);
    const result = outcome(retryOnOverload(operation, { maxAttempts: 4, random: () => 0.5 }));
    await vi.advanceTimersByTimeAsync(249);
    expect(operation).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(operation).toHaveBeenCalledTimes(2);
    await vi.runAllTimersAsync();
    expect(await result).toEqual({ value: "ok" });
    expect(operation).toHaveBeenCalledTimes(4);
    expect(delays()).toEqual([250, 500, 1000]);
  });

  it("rethrows the last ServerBusyError once maxAttempts is exhausted", async () => {
    const errors = [busy(), busy(), busy()];
    const { operation } = flaky(errors);
    const result = outcome(retryOnOverload(operation, { maxAttempts: 3 }));
    await vi.runAllTimersAsync();
    expect((await result).error).toBe(errors[2]);
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it("uses maxAttempts 3 by default", async () => {
    expect(RETRY_DEFAULTS).toEqual({
      maxAttempts: 3,
      initialDelayMs: 250,
      maxDelayMs: 2000,
      jitterRatio: 0.2,
      timeoutMs: 300_000,
    });
    const { operation } = flaky([busy(), busy(), busy(), busy()]);
    const result = outcome(retryOnOverload(operation));
    await vi.runAllTimersAsync();
    expect((await result).error).toBeInstanceOf(ServerBusyError);
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it("maxAttempts 1 never retries", async () => {
    const error = busy();
    const { operation } = flaky([error]);
    await expect(retryOnOverload(operation, { maxAttempts: 1 })).rejects.toBe(error);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["InvalidRequestError", new InvalidRequestError(-32600, "thread not found")],
    ["a plain JsonRpcError", new JsonRpcError(-32000, "nope")],
    ["a TypeError", new TypeError("bug")],
    ["a non-error value", "just a string"],
  ])("rethrows %s at once without retrying", async (_name, error) => {
    const { operation } = flaky([error, busy()]);
    await expect(retryOnOverload(operation, { maxAttempts: 5 })).rejects.toBe(error);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("retries a JsonRpcError whose data says server_overloaded", async () => {
    const overloaded = new JsonRpcError(-32603, "x", { data: { codexErrorInfo: "server_overloaded" } });
    const { operation } = flaky([overloaded]);
    const result = outcome(retryOnOverload(operation));
    await vi.runAllTimersAsync();
    expect(await result).toEqual({ value: "ok" });
    expect(operation).toHaveBeenCalledTimes(2);
  });

  it("honours a custom shouldRetry", async () => {
    const custom = new Error("retry me");
    const { operation } = flaky([custom]);
    const result = outcome(retryOnOverload(operation, { shouldRetry: (e) => e === custom }));
    await vi.runAllTimersAsync();
    expect(await result).toEqual({ value: "ok" });
    const { operation: second } = flaky([busy()]);
    await expect(retryOnOverload(second, { shouldRetry: () => false })).rejects.toBeInstanceOf(
      ServerBusyError,
    );
    expect(second).toHaveBeenCalledTimes(1);
  });

  it.each([
    { name: "no jitter (random 0.5)", random: () => 0.5, expected: [100, 200, 400, 800, 1000] },
    { name: "lowest jitter (random 0)", random: () => 0, expected: [80, 160, 320, 640, 800] },
    { name: "highest jitter (random → 1)", random: () => 1, expected: [120, 240, 480, 960, 1000] },
  ])("backs off exponentially with ±jitter, capped at maxDelayMs: $name", async ({ random, expected }) => {
    const { operation, delays } = flaky([busy(), busy(), busy(), busy(), busy()]);
    const options: RetryOptions = {
      maxAttempts: 6,
      initialDelayMs: 100,
      maxDelayMs: 1000,
      jitterRatio: 0.2,
      random,
    };
    const result = outcome(retryOnOverload(operation, options));
    await vi.runAllTimersAsync();
    expect(await result).toEqual({ value: "ok" });
    expect(delays()).toEqual(expected);
  });

  it("keeps every delay within [base·(1−jitter), min(max, base·(1+jitter))] for random draws", async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    };
    const { operation, delays } = flaky(Array.from({ length: 7 }, busy));
    const result = outcome(
      retryOnOverload(operation, {
        maxAttempts: 8,
        initialDelayMs: 50,
        maxDelayMs: 1500,
        jitterRatio: 0.5,
        random,
      }),
    );
    await vi.runAllTimersAsync();
    expect(await result).toEqual({ value: "ok" });
    const observed = delays();
    expect(observed).toHaveLength(7);
    observed.forEach((delay, i) => {
      const base = Math.min(1500, 50 * 2 ** i);
      expect(delay, `delay ${i}`).toBeGreaterThanOrEqual(Math.floor(base * 0.5));
      expect(delay, `delay ${i}`).toBeLessThanOrEqual(Math.min(1500, Math.ceil(base * 1.5)));
    });
  });

  it("zero delays retry without waiting", async () => {
    const { operation, delays } = flaky([busy(), busy()]);
    const result = outcome(retryOnOverload(operation, { initialDelayMs: 0 }));
    await vi.runAllTimersAsync();
    expect(await result).toEqual({ value: "ok" });
    expect(delays()).toEqual([0, 0]);
  });

  it("throws TimeoutError once the timeoutMs deadline passes between attempts", async () => {
    const { operation, calls } = flaky(Array.from({ length: 10 }, busy));
    const start = Date.now();
    const result = outcome(
      retryOnOverload(operation, {
        maxAttempts: 10,
        initialDelayMs: 1000,
        maxDelayMs: 5000,
        timeoutMs: 2500,
        random: () => 0.5,
      }),
    );
    await vi.runAllTimersAsync();
    const { error } = await result;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).code).toBe("timeout");
    expect((error as Error).message).toContain("2500 ms");
    // attempts at 0 and 1000 ms; the next wait is cut to the remaining 1500 ms, then the deadline stops it
    expect(calls.map((t) => t - start)).toEqual([0, 1000]);
    expect(Date.now() - start).toBe(2500);
  });

  it("throws TimeoutError when a result arrives after the deadline", async () => {
    const operation = vi.fn(() => new Promise<string>((resolve) => setTimeout(() => resolve("late"), 5000)));
    const result = outcome(retryOnOverload(operation, { timeoutMs: 1000 }));
    await vi.runAllTimersAsync();
    expect((await result).error).toBeInstanceOf(TimeoutError);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it("rejects with AbortError, without calling the operation, when the signal is already aborted", async () => {
    const { operation } = flaky([]);
    const controller = new AbortController();
    controller.abort("stop");
    const error = await retryOnOverload(operation, { signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe("stop");
    expect(operation).not.toHaveBeenCalled();
  });

  it("rejects with AbortError as soon as the signal aborts during a backoff wait", async () => {
    const { operation } = flaky([busy(), busy()]);
    const controller = new AbortController();
    const result = outcome(
      retryOnOverload(operation, { signal: controller.signal, initialDelayMs: 10_000, maxDelayMs: 10_000 }),
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(operation).toHaveBeenCalledTimes(1);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect((await result).error).toBeInstanceOf(AbortError);
    expect(vi.getTimerCount()).toBe(0);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it("does not wait out a backoff when the signal aborted while the attempt was running", async () => {
    const controller = new AbortController();
    const operation = vi.fn(async () => {
      controller.abort();
      throw busy();
    });
    const result = outcome(
      retryOnOverload(operation, { signal: controller.signal, initialDelayMs: 10_000, maxDelayMs: 10_000 }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    expect((await result).error).toBeInstanceOf(AbortError);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it.each([
    [{ maxAttempts: 0 }, /maxAttempts must be an integer >= 1, got 0/],
    [{ maxAttempts: 1.5 }, /maxAttempts/],
    [{ maxAttempts: Number.NaN }, /maxAttempts/],
    [{ maxAttempts: "3" as unknown as number }, /maxAttempts/],
    [{ initialDelayMs: -1 }, /initialDelayMs must be a finite number >= 0, got -1/],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, /maxDelayMs/],
    [{ jitterRatio: -0.1 }, /jitterRatio/],
    [{ timeoutMs: 0 }, /timeoutMs must be a finite number > 0, got 0/],
    [{ timeoutMs: Number.NaN }, /timeoutMs/],
  ])(
    "rejects invalid options %o with InvalidInputError before calling the operation",
    async (options, message) => {
      const { operation } = flaky([]);
      const error = await retryOnOverload(operation, options).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toMatch(message);
      expect(operation).not.toHaveBeenCalled();
    },
  );

  it("treats options explicitly set to undefined as defaults", async () => {
    const { operation } = flaky([busy()]);
    const result = outcome(retryOnOverload(operation, { maxAttempts: undefined, timeoutMs: undefined }));
    await vi.runAllTimersAsync();
    expect(await result).toEqual({ value: "ok" });
  });
});
