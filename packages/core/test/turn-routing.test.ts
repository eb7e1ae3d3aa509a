import { describe, expect, it } from "vitest";
import { type Notification, TransportClosedError } from "../src/index.js";
import { AsyncQueue, routingKeyOf, TurnRouter } from "../src/internal.js";
import {
  agentDelta,
  agentMessage,
  itemCompleted,
  tokenUsageUpdated,
  turnCompleted,
  turnStarted,
} from "./support/notifications.js";

/** Reads a queue to its end. */
async function drain<T>(queue: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of queue) values.push(value);
  return values;
}

const deltaText = (n: Notification) => (n.method === "item/agentMessage/delta" ? n.params.delta : n.method);

describe("routingKeyOf", () => {
  it("reads turnId directly, or from turn.id for turn/started and turn/completed", () => {
    expect(routingKeyOf(agentDelta("thr", "u1", "i", "x").params)).toEqual({ threadId: "thr", turnId: "u1" });
    expect(routingKeyOf(turnStarted("thr", "u2").params)).toEqual({ threadId: "thr", turnId: "u2" });
    expect(routingKeyOf(turnCompleted("thr", { id: "u3" }).params)).toEqual({
      threadId: "thr",
      turnId: "u3",
    });
    expect(routingKeyOf({ threadId: "thr" })).toEqual({ threadId: "thr", turnId: undefined });
    expect(routingKeyOf(null)).toEqual({ threadId: undefined, turnId: undefined });
    expect(routingKeyOf({ turnId: 5, turn: { id: 6 } })).toEqual({ threadId: undefined, turnId: undefined });
  });
});

describe("TurnRouter", () => {
  it("delivers notifications to their own turn's queue and ends it after turn/completed", async () => {
    const router = new TurnRouter();
    const queue = router.openTurn("u1");
    const events = [
      turnStarted("thr", "u1"),
      agentDelta("thr", "u1", "m", "Hel"),
      agentDelta("thr", "u1", "m", "lo"),
      itemCompleted("thr", "u1", agentMessage("m", "Hello")),
      turnCompleted("thr", { id: "u1" }),
    ];
    for (const event of events) expect(router.route(event)).toBe(true);
    expect(await drain(queue)).toEqual(events);
    expect(queue.isDone).toBe(true);
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0 });
  });

  it("buffers notifications that arrive before openTurn and replays them in order", async () => {
    const router = new TurnRouter();
    const early = [
      turnStarted("thr", "u1"),
      agentDelta("thr", "u1", "m", "a"),
      agentDelta("thr", "u1", "m", "b"),
    ];
    for (const event of early) router.route(event);
    expect(router.stats()).toMatchObject({ open: 0, buffered: 1 });
    const queue = router.openTurn("u1");
    expect(router.stats()).toMatchObject({ open: 1, buffered: 0 });
    const late = [agentDelta("thr", "u1", "m", "c"), turnCompleted("thr", { id: "u1" })];
    for (const event of late) router.route(event);
    expect(await drain(queue)).toEqual([...early, ...late]);
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0 });
  });

  it("opening an open turn returns the same queue", () => {
    const router = new TurnRouter();
    expect(router.openTurn("u1")).toBe(router.openTurn("u1"));
  });

  it("gives two concurrent, interleaved turns exactly their own events", async () => {
    const router = new TurnRouter();
    const a = router.openTurn("A");
    const b = router.openTurn("B");
    const readA = drain(a);
    const readB = drain(b);
    router.route(agentDelta("t1", "A", "m", "one-"));
    router.route(agentDelta("t2", "B", "m", "two-"));
    router.route(agentDelta("t2", "B", "m", "done"));
    router.route(agentDelta("t1", "A", "m", "done"));
    router.route(turnCompleted("t2", { id: "B" }));
    router.route(turnCompleted("t1", { id: "A" }));
    expect((await readA).map(deltaText)).toEqual(["one-", "done", "turn/completed"]);
    expect((await readB).map(deltaText)).toEqual(["two-", "done", "turn/completed"]);
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0 });
  });

  it("gives ten concurrent turns exactly their own events, some opened late", async () => {
    const router = new TurnRouter();
    const ids = Array.from({ length: 10 }, (_, i) => `turn-${i}`);
    const queues = new Map<string, AsyncQueue<Notification>>();
    // even turns open before any event; odd turns after their first events arrived
    for (const id of ids.filter((_, i) => i % 2 === 0)) queues.set(id, router.openTurn(id));
    for (const id of ids.filter((_, i) => i % 2 === 1)) router.route(turnStarted("thr", id));
    for (let step = 0; step < 5; step++) {
      for (const [i, id] of ids.entries()) {
        router.route(agentDelta(`thr-${i}`, id, "m", `${id}:${step}`));
      }
      if (step === 1) for (const id of ids.filter((_, i) => i % 2 === 1)) queues.set(id, router.openTurn(id));
    }
    const reads = ids.map((id) => drain(queues.get(id)!));
    for (const id of [...ids].reverse()) router.route(turnCompleted("thr", { id }));
    const results = await Promise.all(reads);
    for (const [i, id] of ids.entries()) {
      expect(results[i]!.map(deltaText)).toEqual([
        ...(ids.indexOf(id) % 2 === 1 ? ["turn/started"] : []),
        `${id}:0`,
        `${id}:1`,
        `${id}:2`,
        `${id}:3`,
        `${id}:4`,
        "turn/completed",
      ]);
    }
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0 });
  });

  it("drops at once what no turn can claim: events of a turn never started here (a resume's old usage)", async () => {
    const router = new TurnRouter();
    for (let resume = 0; resume < 5; resume++) {
      expect(router.route(tokenUsageUpdated("thr", `before-resume-${resume}`, 10))).toBe(true);
    }
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0, completedUnopened: 0 });
    // a late opener of such a turn gets nothing stale, and a turn/completed for it is still remembered
    router.route(turnCompleted("thr", { id: "before-resume-0" }));
    expect(router.hasCompleted("before-resume-0")).toBe(true);
    expect(router.stats()).toMatchObject({ buffered: 0, completedUnopened: 0 });
    // a turn that did start here is still buffered for its opener
    router.route(turnStarted("thr", "mine"));
    router.route(tokenUsageUpdated("thr", "mine", 10));
    expect(router.stats()).toMatchObject({ buffered: 1 });
    const queue = router.openTurn("mine");
    router.route(turnCompleted("thr", { id: "mine" }));
    expect((await drain(queue)).map((n) => n.method)).toEqual([
      "turn/started",
      "thread/tokenUsage/updated",
      "turn/completed",
    ]);
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0 });
  });

  it("buffers at most 256 started, unopened turns: the oldest are evicted", () => {
    const router = new TurnRouter();
    for (let i = 0; i < 300; i++) {
      router.route(turnStarted("thr", `t${i}`));
      router.route(agentDelta("thr", `t${i}`, "m", "x"));
    }
    expect(router.stats()).toMatchObject({ buffered: 256 });
    // an evicted turn is no longer claimable: its later events are dropped too
    router.route(agentDelta("thr", "t0", "m", "late"));
    expect(router.stats()).toMatchObject({ buffered: 256 });
  });

  it("drops the buffer of a turn that completes without ever being opened", () => {
    const router = new TurnRouter();
    router.route(turnStarted("thr", "compaction"));
    router.route(itemCompleted("thr", "compaction", agentMessage("m", "summary")));
    expect(router.stats()).toMatchObject({ open: 0, buffered: 1 });
    expect(router.route(turnCompleted("thr", { id: "compaction" }))).toBe(true);
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0 });
  });

  it("replays a turn that completed before it was opened (its turn/start answer came late), once", async () => {
    const router = new TurnRouter();
    router.route(turnStarted("thr", "late"));
    router.route(itemCompleted("thr", "late", agentMessage("m", "done")));
    router.route(turnCompleted("thr", { id: "late" }));
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0, completedUnopened: 1 });
    expect((await drain(router.openTurn("late"))).map((n) => n.method)).toEqual([
      "turn/started",
      "item/completed",
      "turn/completed",
    ]);
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0, completedUnopened: 0 });
    expect(await drain(router.openTurn("late"))).toEqual([]);
    for (let i = 0; i < 300; i++) {
      router.route(turnStarted("thr", `never-opened-${i}`));
      router.route(turnCompleted("thr", { id: `never-opened-${i}` }));
    }
    expect(router.stats().completedUnopened).toBe(256);
  });

  it("drops stragglers after completion without growing, and ends a late openTurn at once", async () => {
    const router = new TurnRouter();
    const queue = router.openTurn("u1");
    router.route(turnCompleted("thr", { id: "u1" }));
    const before = router.stats();
    for (let i = 0; i < 100; i++) {
      expect(router.route(agentDelta("thr", "u1", "m", `late ${i}`))).toBe(true);
    }
    expect(router.route(turnCompleted("thr", { id: "u1" }))).toBe(true);
    expect(router.stats()).toEqual(before);
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0 });
    expect((await drain(queue)).map((n) => n.method)).toEqual(["turn/completed"]);
    expect(await drain(router.openTurn("u1"))).toEqual([]);
  });

  it("remembers a bounded number of completed turns", () => {
    const router = new TurnRouter();
    for (let i = 0; i < 5000; i++) router.route(turnCompleted("thr", { id: `t${i}` }));
    expect(router.stats().rememberedCompleted).toBe(4096);
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0 });
  });

  it("returns false for notifications without a turn id and keeps nothing", () => {
    const router = new TurnRouter();
    const global: Notification[] = [
      { method: "thread/started", params: { thread: { id: "thr" } } } as unknown as Notification,
      { method: "account/updated", params: { authMode: null, planType: null } } as Notification,
      { method: "thread/status/changed", params: { threadId: "thr", status: { type: "idle" } } },
    ];
    for (const n of global) expect(router.route(n)).toBe(false);
    expect(router.stats()).toEqual({ open: 0, buffered: 0, rememberedCompleted: 0, completedUnopened: 0 });
  });

  it("failAll rejects open queues after their buffered values, and every later queue", async () => {
    const router = new TurnRouter();
    const queue = router.openTurn("u1");
    router.route(agentDelta("thr", "u1", "m", "partial"));
    router.route(agentDelta("thr", "u2", "m", "early"));
    const error = new TransportClosedError();
    router.failAll(error);
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0 });

    const iterator = queue[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ method: "item/agentMessage/delta" });
    await expect(iterator.next()).rejects.toBe(error);
    await expect(drain(router.openTurn("u2"))).rejects.toBe(error);
    await expect(drain(router.openTurn("u3"))).rejects.toBe(error);
  });

  it("after failAll, turn-scoped notifications are dropped instead of buffered", () => {
    const router = new TurnRouter();
    router.failAll(new Error("gone"));
    expect(router.route(agentDelta("thr", "late", "m", "x"))).toBe(true);
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0 });
  });

  it("closeTurn ends the consumer's queue; later events are dropped at turn/completed", async () => {
    const router = new TurnRouter();
    const queue = router.openTurn("u1");
    router.route(agentDelta("thr", "u1", "m", "seen"));
    router.closeTurn("u1");
    router.route(agentDelta("thr", "u1", "m", "unseen"));
    expect((await drain(queue)).map(deltaText)).toEqual(["seen"]);
    router.route(turnCompleted("thr", { id: "u1" }));
    expect(router.stats()).toMatchObject({ open: 0, buffered: 0 });
    router.closeTurn("never-opened"); // no-op
  });
});

describe("AsyncQueue", () => {
  it("hands values to a waiting consumer and ends after what is buffered", async () => {
    const queue = new AsyncQueue<number>();
    const pending = queue.next();
    queue.push(1);
    expect(await pending).toEqual({ value: 1, done: false });
    queue.push(2);
    queue.push(3);
    queue.end();
    queue.push(4); // ignored after end
    expect(queue.size).toBe(2);
    expect(await drain(queue)).toEqual([2, 3]);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it("a waiting consumer is released by end() and rejected by fail()", async () => {
    const ended = new AsyncQueue<number>();
    const waiting = ended.next();
    ended.end();
    expect(await waiting).toEqual({ value: undefined, done: true });

    const failed = new AsyncQueue<number>();
    const waitingForFailure = failed.next();
    const error = new Error("gone");
    failed.fail(error);
    await expect(waitingForFailure).rejects.toBe(error);
    expect(failed.isDone).toBe(true);
  });

  it("can be iterated only once", () => {
    const queue = new AsyncQueue<number>();
    queue[Symbol.asyncIterator]();
    expect(() => queue[Symbol.asyncIterator]()).toThrow(/already being consumed/);
  });

  it("breaking out of for-await ends the queue", async () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    queue.push(2);
    for await (const value of queue) {
      expect(value).toBe(1);
      break;
    }
    expect(queue.isDone).toBe(true);
    queue.push(3);
    expect(queue.size).toBe(1);
  });

  it("stays correct across many values (internal compaction)", async () => {
    const queue = new AsyncQueue<number>();
    const count = 5000;
    for (let i = 0; i < count; i++) queue.push(i);
    const first = [];
    for (let i = 0; i < 3000; i++) first.push((await queue.next()).value);
    for (let i = count; i < count + 100; i++) queue.push(i);
    queue.end();
    const rest = await drain(queue);
    expect([...first, ...rest]).toEqual(Array.from({ length: count + 100 }, (_, i) => i));
  });
});
