import {
  ApprovalMode,
  isTurnReconnectedEvent,
  type Thread,
  TransportClosedError,
  type TurnReconnectedEvent,
  type TurnStreamEvent,
  tool,
} from "@codexkit/node";
import { gate } from "@codexkit/test-support";
import { Reply, ScriptedModel, scaledTimeout } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type BehindProxy, startBehindProxy } from "./support/behind-proxy.js";

/** `codex.stats()` entries that are bounded caches of finished turns, not per-turn state. */
const BOUNDED_CACHES = ["rememberedCompleted", "completedUnopened"];

function perTurnState(stats: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(stats).filter(([key, n]) => n > 0 && !BOUNDED_CACHES.includes(key)),
  );
}

/**
 * Starts a thread, drops the connection before its first turn, and waits for the reconnect. Its resume then
 * found no rollout (the thread has no turn yet): the thread is resumed late, when its first turn starts.
 */
async function threadReconnectedWithoutResume({ home, proxy, codex }: BehindProxy): Promise<Thread> {
  const thread = await codex.threadStart({ cwd: home.workspace });
  proxy.cut();
  // Once answered (a call sent before the client saw the drop rejects, and is sent again), the client has
  // reconnected.
  for (;;) {
    const listed = await codex.threadList().catch((e: unknown) => e);
    if (listed instanceof TransportClosedError) continue;
    expect(listed).toMatchObject({ data: [] });
    break;
  }
  expect(codex.stats().reconnectUnresumed).toBe(1);
  return thread;
}

describe("reconnecting a remote client after the socket drops", () => {
  it("a turn running during the drop survives: run() has the full result and the stream reported the gap", async () => {
    const answer = gate();
    await using model = await ScriptedModel.start({
      script: [
        Reply.message("warmed up"),
        Reply.dynamic(async () => {
          await answer.opened;
          return Reply.message("answered during the gap");
        }),
        Reply.message("after the reconnect"),
      ],
    });
    await using remote = await startBehindProxy(model, {
      attempts: 5,
      initialDelayMs: 300,
      maxDelayMs: 1000,
    });
    const { home, proxy, codex } = remote;
    const thread = await codex.threadStart({ cwd: home.workspace });
    expect((await thread.run("warm up")).finalResponse).toBe("warmed up");

    const handle = await thread.turn("answer while I am away");
    await model.waitForRequests(2, { timeoutMs: scaledTimeout(20_000) });
    const events: TurnStreamEvent[] = [];
    const streamed = (async () => {
      for await (const event of handle.stream({ reconnects: true })) events.push(event);
    })();
    proxy.cut();
    // The model answers while the client is disconnected: the turn completes server-side in the gap.
    answer.open();
    await streamed;
    const result = await handle.run();
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("answered during the gap");
    expect(result.items.filter((i) => i.type === "agentMessage")).toHaveLength(1);
    const gaps = events.filter(isTurnReconnectedEvent);
    expect(gaps).toHaveLength(1);
    const gap = gaps[0] as TurnReconnectedEvent;
    expect(gap.params).toMatchObject({ threadId: thread.id, turnId: handle.id, attempt: 1, closeCode: 1006 });
    expect(gap.params.recoveredItems).toBeGreaterThanOrEqual(1);
    expect(gap.params.reconnectedAtMs).toBeGreaterThanOrEqual(gap.params.disconnectedAtMs);
    expect(events.at(-1)?.method).toBe("turn/completed");
    expect(handle.reconnects).toEqual([gap.params]);
    expect(proxy.accepted).toBe(2);
    // The reconnected client goes on: a new turn on the same thread.
    expect((await thread.run("and now?")).finalResponse).toBe("after the reconnect");
    expect(perTurnState(codex.stats())).toEqual({ reconnectThreads: 1 });
  });

  it("an approval pending at the drop is re-sent after the resume and answered by the same handler", async () => {
    await using model = await ScriptedModel.start({
      script: [
        Reply.message("ready"),
        Reply.execCommand("echo ok > ok.txt", {
          sandboxPermissions: "require_escalated",
          justification: "needs to write",
          callId: "call_ok",
        }),
        Reply.message("done"),
      ],
    });
    await using remote = await startBehindProxy(model, true);
    const { home, proxy, codex } = remote;
    const thread = await codex.threadStart({ cwd: home.workspace, approvalMode: ApprovalMode.ask });
    expect((await thread.run("warm up")).finalResponse).toBe("ready");
    let asked = 0;
    let cutDone = false;
    const result = await thread.run("write it", {
      onApproval: async () => {
        asked++;
        if (!cutDone) {
          cutDone = true;
          proxy.cut();
          // This answer goes to the dead connection and is dropped; the server asks again after the resume.
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return "accept" as const;
      },
    });
    expect(asked).toBe(2);
    expect(codex.transport?.endpoint).toBe(proxy.url);
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("done");
    expect(result.items.some((i) => i.type === "commandExecution" && i.status === "completed")).toBe(true);
    expect(proxy.accepted).toBe(2);
    expect(perTurnState(codex.stats())).toEqual({ reconnectThreads: 1 });
  });

  it("a custom tool call pending at the drop is re-sent after the resume and run again by the same tool", async () => {
    await using model = await ScriptedModel.start({
      script: [
        Reply.message("ready"),
        Reply.toolCall("lookup_weather", { city: "Paris" }, { callId: "call_w" }),
        Reply.message("it is mild"),
      ],
    });
    await using remote = await startBehindProxy(model, true);
    const { home, proxy, codex } = remote;
    let calls = 0;
    const weather = tool({
      name: "lookup_weather",
      description: "Current weather in a city",
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        calls++;
        if (calls === 1) {
          proxy.cut();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return `18°C in ${city}`;
      },
    });
    const thread = await codex.threadStart({ cwd: home.workspace, tools: [weather] });
    expect((await thread.run("warm up")).finalResponse).toBe("ready");
    const result = await thread.run("weather in Paris?");
    expect(calls).toBe(2);
    expect(result.finalResponse).toBe("it is mild");
    const last = model.requests.at(-1);
    expect(JSON.stringify(last?.body)).toContain("18°C in Paris");
    expect(proxy.accepted).toBe(2);
    expect(perTurnState(codex.stats())).toEqual({ reconnectThreads: 1, toolBindings: 1 });
  });

  it("a plain request pending at the drop still rejects at once; one sent during the gap waits; a thread with no turn yet stays usable", async () => {
    await using model = await ScriptedModel.start({ script: [Reply.message("fresh thread works")] });
    await using remote = await startBehindProxy(model, { initialDelayMs: 100 });
    const { home, proxy, codex } = remote;
    const thread = await codex.threadStart({ cwd: home.workspace });
    const pending = codex.threadList().catch((e: unknown) => e);
    // Cut once thread/list is on the wire, so it is pending at the drop (cut before it was written, it would be
    // a request sent during the gap). Its answer needs two TCP hops through the proxy, which runs on this
    // event loop, so one turn of the loop at a time sees it pending first.
    while ((codex.stats().reconnectPending ?? 0) === 0) await new Promise((resolve) => setImmediate(resolve));
    proxy.cut();
    const error = (await pending) as TransportClosedError;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error.message).toContain("dropped");
    expect(error.message).toContain("before thread/list was answered");
    // Sent while reconnecting: it waits for the reconnect, then is answered.
    // (the thread has no turn yet, so no rollout: the home lists no thread)
    expect((await codex.threadList()).data).toEqual([]);
    expect(proxy.accepted).toBe(2);
    // After the reconnect (its resume answered "no rollout found"), the thread runs a turn.
    // Its events reach the client only because the thread is resumed once the turn has started.
    expect((await thread.run("hi")).finalResponse).toBe("fresh thread works");
    expect(perTurnState(codex.stats())).toEqual({ reconnectThreads: 1 });
  });

  it("an item of a late-resumed thread's first turn that the connection missed is recovered at the turn's completion", async () => {
    const answer = gate();
    await using model = await ScriptedModel.start({
      script: [
        Reply.dynamic(async () => {
          await answer.opened;
          return Reply.message("every item arrives");
        }),
      ],
    });
    await using remote = await startBehindProxy(model, { initialDelayMs: 100 });
    const { proxy, codex } = remote;
    const thread = await threadReconnectedWithoutResume(remote);
    const handle = await thread.turn("hi");
    // The turn's first turn/start resumes the thread; its thread/read finds the turn running.
    while ((codex.stats().reconnectReadAtCompletion ?? 0) === 0)
      await new Promise((resolve) => setTimeout(resolve, 10));
    // Fault injection: the agent message's item/completed never reaches the client, as when codex emits it
    // just before the resume's subscription holds and that read could not show it yet.
    const dropped = proxy.dropFromServer((text) => {
      const message = JSON.parse(text) as { method?: string; params?: { item?: { type?: string } } };
      return message.method === "item/completed" && message.params?.item?.type === "agentMessage";
    });
    answer.open();
    await dropped;
    const result = await handle.run();
    expect(result.finalResponse).toBe("every item arrives");
    expect(result.items.map((item) => item.type)).toEqual(["userMessage", "agentMessage"]);
    expect(perTurnState(codex.stats())).toEqual({ reconnectThreads: 1 });
  });

  it("a late-resumed thread's first turn that codex reads as only starting is followed to its real end", async () => {
    await using model = await ScriptedModel.start({ script: [Reply.message("read again, then followed")] });
    await using remote = await startBehindProxy(model, { initialDelayMs: 100 });
    const { proxy, codex } = remote;
    const thread = await threadReconnectedWithoutResume(remote);
    // Fault injection: the late resume's thread/read answers the turn as codex 0.171 sometimes does right at a
    // turn's start (interrupted, no items, never completed; seen in about 2% of turns read from their start).
    // Taken as its end, the turn would resolve `interrupted` with no answer; read again, it is followed.
    const rewritten = proxy.replaceFromServer(
      (text) => {
        const message = JSON.parse(text) as { result?: Record<string, unknown> };
        const turns = (message.result?.thread as { turns?: unknown[] } | undefined)?.turns;
        // thread/read's answer: the thread and its read state (thread/resume's names the model and settings)
        return message.result !== undefined && "readState" in message.result && (turns?.length ?? 0) > 0;
      },
      (text) => {
        const message = JSON.parse(text) as { result: { thread: { turns: Array<Record<string, unknown>> } } };
        const turns = message.result.thread.turns;
        const turn = turns[turns.length - 1] as Record<string, unknown>;
        Object.assign(turn, { status: "interrupted", items: [], completedAt: null, durationMs: null });
        return JSON.stringify(message);
      },
    );
    const result = await thread.run("hi");
    await rewritten;
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("read again, then followed");
    expect(perTurnState(codex.stats())).toEqual({ reconnectThreads: 1 });
  });

  it("when every reconnect attempt fails, the running turn rejects with a TransportClosedError saying so", async () => {
    await using model = await ScriptedModel.start({ script: [Reply.stall()] });
    await using remote = await startBehindProxy(model, { attempts: 2, initialDelayMs: 50, maxDelayMs: 100 });
    const { home, proxy, codex } = remote;
    const thread = await codex.threadStart({ cwd: home.workspace });
    const handle = await thread.turn("wait");
    await model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });
    const run = handle.run().catch((e: unknown) => e);
    await proxy.refuse();
    const error = (await run) as TransportClosedError;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error.message).toContain(`The connection to ${proxy.url} closed (code 1006)`);
    expect(error.message).toContain("reconnecting failed after 2 attempt(s)");
    expect(error.endpoint).toBe(proxy.url);
    expect(error.closeCode).toBe(1006);
    await expect(codex.threadList()).rejects.toBeInstanceOf(TransportClosedError);
    expect(perTurnState(codex.stats())).toEqual({});
  });
});
