import { retryOnOverload, ServerBusyError, TimeoutError } from "@codexkit/node";
import { scaledTimeout, settlesWithin } from "@codexkit/test-support";
import { describe, expect, it } from "vitest";
import { fakeCodex } from "./support/fake.js";

/** How many times the fake received `method`. */
function callsOf(fake: Awaited<ReturnType<typeof fakeCodex>>, method: string): number {
  return fake.received().filter((message) => message.method === method).length;
}

const fast = { initialDelayMs: 5, maxDelayMs: 20 };

describe.concurrent("a server that answers -32001 (overloaded)", () => {
  it("for the first N calls: retryOnOverload succeeds on call N+1, for a request and for a whole turn", async () => {
    await using fake = await fakeCodex({ FAKE_OVERLOAD_FIRST: "3" });
    const models = await retryOnOverload(() => fake.codex.models(), { ...fast, maxAttempts: 4 });
    expect(models.data).toEqual([]);
    expect(callsOf(fake, "model/list")).toBe(4);

    // thread/start is overloaded 3 times too, then turn/start: a refused turn must not block the thread
    const thread = await retryOnOverload(() => fake.codex.threadStart(), { ...fast, maxAttempts: 4 });
    const result = await retryOnOverload(() => thread.run("hello"), { ...fast, maxAttempts: 4 });
    expect(result).toMatchObject({ status: "completed", finalResponse: "echo:hello" });
    expect(callsOf(fake, "turn/start")).toBe(4);
    expect(fake.codex.stats()).toMatchObject({ open: 0, buffered: 0, completionWaiters: 0 });
  });

  it("for more calls than maxAttempts: ServerBusyError (code server_busy, rpcCode -32001) after exactly maxAttempts calls", async () => {
    await using fake = await fakeCodex({ FAKE_OVERLOAD_FIRST: "100" });
    const error = await retryOnOverload(() => fake.codex.models(), { ...fast, maxAttempts: 3 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServerBusyError);
    expect(error).toMatchObject({ code: "server_busy", rpcCode: -32001, method: "model/list" });
    expect((error as Error).message).toContain("Server overloaded; retry later.");
    expect(callsOf(fake, "model/list")).toBe(3);
    expect(fake.codex.isClosed).toBe(false);
  });

  it("for ever: the deadline ends the retries with TimeoutError, long before maxAttempts", async () => {
    await using fake = await fakeCodex({ FAKE_OVERLOAD_FIRST: "1000000" });
    await fake.codex.start();
    const error = await retryOnOverload(() => fake.codex.models(), {
      maxAttempts: 1000,
      initialDelayMs: 100,
      maxDelayMs: 100,
      jitterRatio: 0,
      timeoutMs: 450,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/deadline of 450 ms exceeded/);
    // 100 ms between attempts within 450 ms: a handful of calls, not 1000
    const calls = callsOf(fake, "model/list");
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(6);
  });

  it("that stops answering: the deadline still ends retryOnOverload (TimeoutError), the abandoned call is harmless", async () => {
    await using fake = await fakeCodex({ FAKE_SILENT_ON: "model/list" });
    await fake.codex.start();
    // the outer deadline only detects a hang; the deadline under test is 300 ms
    const outcome = await settlesWithin(
      retryOnOverload(() => fake.codex.models(), { timeoutMs: 300 }),
      scaledTimeout(10_000),
      "retryOnOverload with a 300 ms deadline",
    );
    expect("error" in outcome && outcome.error).toBeInstanceOf(TimeoutError);
    expect(callsOf(fake, "model/list")).toBe(1);
    expect((await fake.codex.threadStart()).id).toMatch(/^thread-/);
  });
});
