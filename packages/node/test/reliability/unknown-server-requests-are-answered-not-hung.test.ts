import type { ServerRequestEvent } from "@codexkit/node";
import { scaledTimeout, settlesWithin } from "@codexkit/test-support";
import { describe, expect, it } from "vitest";
import { fakeCodex } from "./support/fake.js";

describe("server requests codexkit does not know", () => {
  it("an unknown method is answered with JSON-RPC method-not-found, a known one with params null gets the fail-closed default, and the turn completes", async () => {
    // The fake sends both requests mid-turn and completes the turn only once it has both answers, putting
    // them in the agent message: a request left unanswered would hang the turn.
    await using fake = await fakeCodex({ FAKE_UNKNOWN_SERVER_REQUEST: "1" });
    const events: ServerRequestEvent[] = [];
    fake.codex.onServerRequest((event) => events.push(event));
    const thread = await fake.codex.threadStart();
    const outcome = await settlesWithin(thread.run("provoke"), scaledTimeout(10_000), "the turn");
    expect(outcome).toHaveProperty("value");
    const result = (outcome as { value: Awaited<ReturnType<typeof thread.run>> }).value;
    expect(result.status).toBe("completed");

    const answers = JSON.parse(result.finalResponse ?? "{}") as Record<
      string,
      { result?: unknown; error?: unknown }
    >;
    expect(answers.unknown).toEqual({
      jsonrpc: "2.0",
      id: "srv-1",
      error: {
        code: -32601,
        message: 'codexkit does not handle server request method "item/tool/frobnicate"',
      },
    });
    expect(answers.nullParams).toEqual({ jsonrpc: "2.0", id: "srv-2", result: { decision: "decline" } });

    expect(events.map(({ method, requestId, answeredBy }) => ({ method, requestId, answeredBy }))).toEqual([
      { method: "item/tool/frobnicate", requestId: "srv-1", answeredBy: "unknown" },
      { method: "item/commandExecution/requestApproval", requestId: "srv-2", answeredBy: "default" },
    ]);
    // the same client keeps working
    expect((await thread.run("again")).status).toBe("completed");
  });
});
