import { afterEach, describe, expect, test, vi } from "vitest";
import { scaledTimeout, testTimeScale } from "../src/index.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the suite-wide time scale", () => {
  test("is 1 when CODEXKIT_TEST_TIME_SCALE is unset or blank", () => {
    vi.stubEnv("CODEXKIT_TEST_TIME_SCALE", undefined);
    expect(testTimeScale()).toBe(1);
    expect(scaledTimeout(5000)).toBe(5000);
    vi.stubEnv("CODEXKIT_TEST_TIME_SCALE", "  ");
    expect(testTimeScale()).toBe(1);
  });

  test("multiplies every timeout by the variable, read on each call", () => {
    vi.stubEnv("CODEXKIT_TEST_TIME_SCALE", "2.5");
    expect(testTimeScale()).toBe(2.5);
    expect(scaledTimeout(2000)).toBe(5000);
    vi.stubEnv("CODEXKIT_TEST_TIME_SCALE", "0.5");
    expect(scaledTimeout(2000)).toBe(1000);
    expect(scaledTimeout(0)).toBe(0);
  });

  test.each(["0", "-2", "fast", "Infinity", "NaN", "1e400"])("rejects %j with a clear error", (value) => {
    vi.stubEnv("CODEXKIT_TEST_TIME_SCALE", value);
    const message = `CODEXKIT_TEST_TIME_SCALE must be a positive finite number (a factor for every test timeout, e.g. 2), got ${JSON.stringify(value)}`;
    expect(() => testTimeScale()).toThrow(message);
    expect(() => scaledTimeout(1000)).toThrow(message);
  });

  test("rejects a timeout that is not a non-negative finite number", () => {
    vi.stubEnv("CODEXKIT_TEST_TIME_SCALE", "2");
    expect(() => scaledTimeout(-1)).toThrow("scaledTimeout: ms must be a non-negative finite number, got -1");
    expect(() => scaledTimeout(Number.NaN)).toThrow("got NaN");
  });
});
