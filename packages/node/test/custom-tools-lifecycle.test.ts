import { Codex, type ServerRequestEvent, type Tool, TurnAbortedError, tool } from "@codexkit/node";
import { waitUntil } from "@codexkit/test-support";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

/** A tool whose `execute` waits for its signal; `started` resolves when it runs, `aborted` with the abort reason. */
function hangingTool(name = "hang"): { tool: Tool; started: Promise<void>; aborted: Promise<unknown> } {
  let markStarted!: () => void;
  let markAborted!: (reason: unknown) => void;
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const aborted = new Promise<unknown>((resolve) => {
    markAborted = resolve;
  });
  const hanging = tool({
    name,
    description: "waits until cancelled",
    execute: async (_args, { signal }) => {
      markStarted();
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
      markAborted(signal.reason);
      return "late result, dropped";
    },
  });
  return { tool: hanging, started, aborted };
}

describe.concurrent("custom tools: cancellation and resume", () => {
  it("interrupt aborts a running execute; the turn ends interrupted and nothing leaks", async () => {
    const { tool: hang, started, aborted } = hangingTool();
    await using t = await createTestCodex({ script: [Reply.toolCall("hang", {}, { callId: "call_h" })] });
    const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [hang] });
    const turn = await thread.turn("hang");
    await started;
    expect(t.codex.stats().runningToolCalls).toBe(1);
    await turn.interrupt();
    const result = await turn.run();

    expect(result.status).toBe("interrupted");
    expect(await aborted).toMatchObject({ code: "aborted" });
    expect(t.model.requests).toHaveLength(1);
    await waitUntil(() => t.codex.stats().runningToolCalls === 0, "no running tool calls");
    expect(t.codex.stats()).toMatchObject({ open: 0, activeTurns: 0, turnHandlers: 0 });
  });

  it("the turn's AbortSignal aborts a running execute", async () => {
    const { tool: hang, started, aborted } = hangingTool();
    await using t = await createTestCodex({ script: [Reply.toolCall("hang", {}, { callId: "call_h" })] });
    const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [hang] });
    const controller = new AbortController();
    const run = thread.run("hang", { signal: controller.signal });
    await started;
    controller.abort(new Error("user gave up"));

    await expect(run).rejects.toBeInstanceOf(TurnAbortedError);
    expect(await aborted).toMatchObject({ code: "aborted" });
    await waitUntil(() => t.codex.stats().runningToolCalls === 0, "no running tool calls");
  });

  it("close() aborts a running execute", async () => {
    const { tool: hang, started, aborted } = hangingTool();
    await using t = await createTestCodex({ script: [Reply.toolCall("hang", {}, { callId: "call_h" })] });
    const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [hang] });
    const run = thread.run("hang").catch((error: unknown) => error);
    await started;
    await t.codex.close();

    expect(await run).toMatchObject({ code: "transport_closed" });
    expect(await aborted).toMatchObject({ code: "transport_closed" });
    expect(t.codex.stats().runningToolCalls).toBe(0);
  });

  it("a dying app-server aborts a running execute", async () => {
    const { tool: hang, started, aborted } = hangingTool();
    await using t = await createTestCodex({ script: [Reply.toolCall("hang", {}, { callId: "call_h" })] });
    const thread = await t.codex.threadStart({ cwd: t.workspace, tools: [hang] });
    const run = thread.run("hang").catch((error: unknown) => error);
    await started;
    process.kill(t.codex.pid ?? 0, "SIGKILL");

    expect(await run).toBeInstanceOf(Error);
    expect(await aborted).toBeInstanceOf(Error);
    expect(t.codex.stats().runningToolCalls).toBe(0);
  });

  it("a thread's tools are unbound when the server unloads it (thread/closed) and bound again by a resume", async () => {
    const lookup = tool({ name: "lookup", description: "looks up", execute: () => "looked up" });
    await using t = await createTestCodex({
      script: [
        Reply.toolCall("lookup", {}, { callId: "call_1" }),
        Reply.message("first"),
        Reply.toolCall("lookup", {}, { callId: "call_2" }),
        Reply.message("second"),
        Reply.toolCall("lookup", {}, { callId: "call_3" }),
        Reply.message("third"),
      ],
      codex: { config: { thread_unload_delay_secs: 0 } }, // unload right after the last unsubscribe
    });
    const closed: string[] = [];
    t.codex.onNotification((n) => {
      if (n.method === "thread/closed") closed.push(n.params.threadId);
    });
    const unload = async (threadId: string) => {
      const before = closed.length;
      await t.codex.request("thread/unsubscribe", { threadId });
      await waitUntil(() => closed.length > before, "thread/closed");
    };
    const outputOf = (index: number, callId: string) =>
      t.model.functionCallOutputs(index).find((o) => o.callId === callId)?.output;

    const started = await t.codex.threadStart({ cwd: t.workspace, tools: [lookup] });
    expect(t.codex.stats().toolBindings).toBe(1);
    await started.run("first");
    expect(outputOf(1, "call_1")).toBe("looked up");
    await unload(started.id);
    expect(t.codex.stats().toolBindings).toBe(0);

    // Resumed without its tools: the dropped binding does not answer any more; the call fails closed.
    const bare = await t.codex.threadResume(started.id);
    expect(t.codex.stats().toolBindings).toBe(0);
    await bare.run("second");
    expect(outputOf(3, "call_2")).toMatch(
      /^Tool call failed: this client has no implementation of the tool "lookup"/,
    );
    await unload(started.id);

    const resumed = await t.codex.threadResume(started.id, { tools: [lookup] });
    expect(t.codex.stats().toolBindings).toBe(1);
    await resumed.run("third");
    expect(outputOf(5, "call_3")).toBe("looked up");
    await unload(started.id);
    expect(t.codex.stats()).toMatchObject({ toolBindings: 0, runningToolCalls: 0 });
  });

  it("a thread unloaded by maxLoadedThreads gets its tools bound again when its next turn resumes it", async () => {
    const lookup = tool({ name: "lookup", description: "looks up", execute: () => "looked up" });
    await using t = await createTestCodex({
      script: [
        Reply.message("a1"),
        Reply.message("b1"),
        Reply.toolCall("lookup", {}, { callId: "call_a" }),
        Reply.message("a2"),
      ],
      codex: { maxLoadedThreads: 1 },
    });
    const closed: string[] = [];
    t.codex.onNotification((n) => {
      if (n.method === "thread/closed") closed.push(n.params.threadId);
    });
    const a = await t.codex.threadStart({ cwd: t.workspace, tools: [lookup] });
    await a.run("a1");
    const b = await t.codex.threadStart({ cwd: t.workspace }); // evicts a: unsubscribe, then thread/closed
    await waitUntil(() => closed.includes(a.id), "a to be unloaded");
    expect(t.codex.stats().toolBindings).toBe(0);
    await b.run("b1");

    const result = await a.run("a2"); // resumes a on the same app-server
    expect(result.finalResponse).toBe("a2");
    expect(t.model.functionCallOutputs(3).find((o) => o.callId === "call_a")?.output).toBe("looked up");
    expect(t.codex.stats().runningToolCalls).toBe(0);
  });

  it("resume and fork: tools persist upstream; passing them binds the implementations, omitting them fails closed", async () => {
    const lookup = tool({ name: "lookup", description: "looks up", execute: () => "looked up" });
    await using t = await createTestCodex({
      script: [
        Reply.toolCall("lookup", {}, { callId: "call_1" }),
        Reply.message("first"),
        // resumed without tools, by a new client
        Reply.toolCall("lookup", {}, { callId: "call_2" }),
        Reply.message("second"),
        // resumed with tools
        Reply.toolCall("lookup", {}, { callId: "call_3" }),
        Reply.message("third"),
        // forked with tools
        Reply.toolCall("lookup", {}, { callId: "call_4" }),
        Reply.message("fourth"),
      ],
    });
    const started = await t.codex.threadStart({ cwd: t.workspace, tools: [lookup] });
    await started.run("first");
    await t.codex.close(); // releases the thread's writer lock for the next client

    const events: ServerRequestEvent[] = [];
    const client = async () => {
      const codex = new Codex({
        codexHome: t.home.path,
        cwd: t.workspace,
        env: { RUST_LOG: "warn", ...t.home.env },
      });
      codex.onServerRequest((event) => events.push(event));
      return codex;
    };
    {
      await using codex = await client();
      const bare = await codex.threadResume(started.id);
      expect((await bare.run("second")).status).toBe("completed");
    }
    expect(t.model.functionCallOutputs(3).find((o) => o.callId === "call_2")?.output).toMatch(
      /^Tool call failed: this client has no implementation of the tool "lookup" for this thread/,
    );
    expect(events).toEqual([
      expect.objectContaining({ method: "item/tool/call", answeredBy: "default", reason: "noHandler" }),
    ]);
    // the stored tool is still offered to the model after resume
    expect(t.model.request(2).body?.tools?.map((entry) => entry.name)).toContain("lookup");

    await using codex = await client();
    const resumed = await codex.threadResume(started.id, { tools: [lookup] });
    await resumed.run("third");
    expect(t.model.functionCallOutputs(5).find((o) => o.callId === "call_3")?.output).toBe("looked up");
    const forked = await codex.threadFork(started.id, { tools: [lookup] });
    await forked.run("fourth");
    expect(t.model.request(6).body?.tools?.map((entry) => entry.name)).toContain("lookup");
    expect(t.model.functionCallOutputs(7).find((o) => o.callId === "call_4")?.output).toBe("looked up");
  });
});
