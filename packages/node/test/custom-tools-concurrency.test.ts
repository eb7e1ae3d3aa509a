import { type ServerRequestEvent, tool } from "@codexkit/node";
import { createTestCodex, Reply, scaledTimeout } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toolOutputOf as outputOf } from "./support/helpers.js";

describe.concurrent("custom tools: timeouts, concurrency and isolation against the real app-server", () => {
  it("per-tool and client-wide timeouts answer with a failure, abort the signal and drop the late result", async () => {
    const reasons: unknown[] = [];
    const slow = (name: string, timeoutMs?: number) =>
      tool({
        name,
        description: "never answers in time",
        ...(timeoutMs ? { timeoutMs } : {}),
        execute: async (_args, { signal }) => {
          await new Promise((resolve) => signal.addEventListener("abort", resolve));
          reasons.push(signal.reason);
          return "late result";
        },
      });
    await using t = await createTestCodex({
      script: [
        Reply.toolCalls([
          { name: "own_timeout", args: {}, callId: "call_own" },
          { name: "client_timeout", args: {}, callId: "call_client" },
        ]),
        Reply.message("ok"),
      ],
      codex: { toolTimeoutMs: 400 },
    });
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      tools: [slow("own_timeout", 150), slow("client_timeout")],
    });
    const result = await thread.run("go");

    expect(result.status).toBe("completed");
    expect(outputOf(t.model, 1, "call_own").output).toBe(
      "Tool call failed: own_timeout timed out after 150 ms.",
    );
    expect(outputOf(t.model, 1, "call_client").output).toMatch(
      /^Tool call failed: client_timeout timed out after 400 ms\.$/,
    );
    expect(reasons).toHaveLength(2);
    for (const reason of reasons) expect(reason).toMatchObject({ code: "timeout" });
    expect(t.codex.stats().runningToolCalls).toBe(0);
  });

  it("an argument check that never settles is under the timeout too: the call fails, execute never runs", async () => {
    const ran: unknown[] = [];
    const stuck = tool({
      name: "stuck_check",
      description: "its (async) argument check never settles",
      parameters: z.object({ id: z.string() }).refine(() => new Promise<boolean>(() => {})),
      timeoutMs: 150,
      execute: (args) => {
        ran.push(args);
        return "ran";
      },
    });
    await using t = await createTestCodex({
      script: [Reply.toolCall("stuck_check", { id: "a" }, { callId: "call_s" }), Reply.message("ok")],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [stuck] });
    const result = await thread.run("go");

    expect(result.status).toBe("completed");
    expect(outputOf(t.model, 1, "call_s").output).toBe(
      "Tool call failed: stuck_check timed out after 150 ms.",
    );
    expect(ran).toEqual([]);
    expect(t.codex.stats().runningToolCalls).toBe(0);
  });

  it("a timeout longer than Node's longest timer does not fire at once", async () => {
    const patient = tool({
      name: "patient",
      description: "answers after a short wait",
      timeoutMs: 3_000_000_000, // > 2^31 - 1 ms: a raw setTimeout would fire after 1 ms
      execute: async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return "answered";
      },
    });
    await using t = await createTestCodex({
      script: [Reply.toolCall("patient", {}, { callId: "call_p" }), Reply.message("ok")],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [patient] });
    await thread.run("go");

    expect(outputOf(t.model, 1, "call_p").output).toBe("answered");
  });

  it("parallel calls in one turn run concurrently", async () => {
    const count = 8;
    let started = 0;
    let releaseAll!: () => void;
    const allStarted = new Promise<void>((resolve) => {
      releaseAll = resolve;
    });
    const barrier = tool({
      name: "barrier",
      description: "waits until every call has started",
      parameters: z.object({ n: z.number() }),
      execute: async ({ n }) => {
        started += 1;
        if (started === count) releaseAll();
        await allStarted; // sequential execution would never get here: each call would wait for the next
        return `call ${n} done`;
      },
      timeoutMs: scaledTimeout(10_000),
    });
    await using t = await createTestCodex({
      script: [
        Reply.toolCalls(
          Array.from({ length: count }, (_, n) => ({ name: "barrier", args: { n }, callId: `call_${n}` })),
        ),
        Reply.message("ok"),
      ],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [barrier] });
    const result = await thread.run("go");

    expect(result.status).toBe("completed");
    for (let n = 0; n < count; n++) expect(outputOf(t.model, 1, `call_${n}`).output).toBe(`call ${n} done`);
  });

  it("threads never see each other's tools; a tool the thread lacks is refused by codex itself", async () => {
    const whoami = (owner: string) =>
      tool({ name: "whoami", description: owner, execute: () => `I belong to ${owner}` });
    const onlyA = tool({ name: "only_a", description: "a", execute: () => "only_a ran" });
    await using t = await createTestCodex({
      script: [
        Reply.toolCall("whoami", {}, { callId: "call_1" }),
        Reply.message("first"),
        Reply.toolCalls([
          { name: "whoami", args: {}, callId: "call_2" },
          { name: "only_a", args: {}, callId: "call_3" },
        ]),
        Reply.message("second"),
      ],
    });
    const events: ServerRequestEvent[] = [];
    t.codex.onServerRequest((event) => events.push(event));
    const threadA = await t.codex.threadStart({ cwd: t.workspace, tools: [whoami("A"), onlyA] });
    const threadB = await t.codex.threadStart({ cwd: t.workspace, tools: [whoami("B")] });
    await threadA.run("who are you?");
    await threadB.run("who are you? and call only_a");

    expect(outputOf(t.model, 1, "call_1").output).toBe("I belong to A");
    expect(outputOf(t.model, 3, "call_2").output).toBe("I belong to B");
    expect(t.model.request(2).body?.tools?.map((entry) => entry.name)).not.toContain("only_a");
    // Quirk: codex answers a call to a tool the thread was not started with itself; the client is not asked.
    expect(outputOf(t.model, 3, "call_3").output).toBe("unsupported call: only_a");
    expect(events.map((e) => (e.params as { callId?: string }).callId)).toEqual(["call_1", "call_2"]);
    expect(events.every((e) => e.method === "item/tool/call" && e.answeredBy === "handler")).toBe(true);
  });
});
