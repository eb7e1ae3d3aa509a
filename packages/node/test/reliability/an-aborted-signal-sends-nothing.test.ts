import { AbortError, retryOnOverload } from "@codexkit/node";
import { describe, expect, it } from "vitest";
import { fakeCodex } from "./support/fake.js";

describe("an AbortSignal that is already aborted", () => {
  it("makes run(), turn(), request() and retryOnOverload reject with AbortError, and nothing reaches the transport", async () => {
    await using fake = await fakeCodex();
    const thread = await fake.codex.threadStart();
    await fake.receivedSinceLastCheck(); // everything up to here
    const signal = AbortSignal.abort(new Error("changed my mind"));

    const calls: Array<[string, () => Promise<unknown>]> = [
      ["run", () => thread.run("never sent", { signal })],
      ["turn", () => thread.turn("never sent", { signal })],
      ["request", () => fake.codex.request("thread/list", {}, { signal })],
      ["retryOnOverload", () => retryOnOverload(() => fake.codex.models(), { signal })],
    ];
    for (const [name, call] of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(AbortError);
      expect((error as AbortError).code, name).toBe("aborted");
    }
    expect(await fake.receivedSinceLastCheck()).toEqual([]);
  });

  it("a turn aborted while it waits behind a running one on its thread is never sent", async () => {
    await using fake = await fakeCodex({ FAKE_STALL_TURNS: "1" });
    const thread = await fake.codex.threadStart();
    const first = await thread.turn("stalls until interrupted");
    await fake.receivedSinceLastCheck();
    const controller = new AbortController();
    const queued = thread.run("waits behind it", { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(await queued).toBeInstanceOf(AbortError);
    await first.interrupt();
    expect((await first.run()).status).toBe("interrupted");
    const sent = await fake.receivedSinceLastCheck();
    expect(sent.map((message) => message.method)).toEqual(["turn/interrupt"]);
  });
});
