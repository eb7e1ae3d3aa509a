import { createLinkedTransports, type JsonRpcMessage, type MemoryTransport } from "@codexkit/core";
import { describe, expect, it } from "vitest";
import { RECONNECT_DEFAULTS } from "../../src/reconnect/reconnect-options.js";
import type { ReconnectGap, ReconnectOwner, StillCurrent } from "../../src/reconnect/reconnect-owner.js";
import { ReconnectingTransport } from "../../src/reconnect/reconnecting-transport.js";

/** A promise and what settles it. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Waits until `check` holds, one macrotask at a time (memory transports deliver in microtasks). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A reconnecting transport over memory pairs: each `open()` makes a new pair whose server end the test
 * plays. The owner is scripted by the test.
 */
function setUp(owner: Partial<ReconnectOwner>) {
  const servers: MemoryTransport[] = [];
  const clients: MemoryTransport[] = [];
  const open = () => {
    const [client, server] = createLinkedTransports();
    clients.push(client);
    servers.push(server);
    return client;
  };
  const transport = new ReconnectingTransport(
    open,
    { ...RECONNECT_DEFAULTS, initialDelayMs: 1, maxDelayMs: 5, jitterRatio: 0, attemptTimeoutMs: 5000 },
    {
      recover: owner.recover ?? (async () => {}),
      holdBefore: owner.holdBefore ?? (() => undefined),
    },
  );
  const received: JsonRpcMessage[] = [];
  transport.onMessage((message) => received.push(message));
  return { transport, servers, clients, received };
}

const note = (n: number): JsonRpcMessage => ({ jsonrpc: "2.0", method: "note", params: { n } });

describe("a reconnecting transport, at the wire level", () => {
  it("fails the requests pending at a drop, holds notifications while its owner recovers (answers pass), then delivers them in order", async () => {
    const recovering = deferred();
    let gapSeen: ReconnectGap | undefined;
    let stillCurrent: StillCurrent | undefined;
    const { transport, servers, received } = setUp({
      recover: (gap, current) => {
        gapSeen = gap;
        stillCurrent = current;
        return recovering.promise;
      },
    });
    await transport.start();
    await transport.send({ jsonrpc: "2.0", id: 1, method: "thread/list", params: {} });
    servers[0]?.closeWith({ code: 1006 });
    await until(() => received.length === 1);
    expect(received[0]).toMatchObject({ id: 1, error: { code: -32099 } });
    expect(JSON.stringify(received[0])).toContain("before thread/list was answered");
    await until(() => servers.length === 2);
    expect(gapSeen).toMatchObject({ attempt: 1, closeCode: 1006 });
    const server = servers[1] as MemoryTransport;
    const fromClient: JsonRpcMessage[] = [];
    server.onMessage((message) => fromClient.push(message));
    // The owner's recovery request goes out, and its answer passes; notifications and server requests wait.
    await transport.send({ jsonrpc: "2.0", id: 2, method: "initialize", params: {} });
    await until(() => fromClient.length === 1);
    await server.send(note(1));
    await server.send({ jsonrpc: "2.0", id: 7, method: "item/tool/call", params: {} });
    await server.send({ jsonrpc: "2.0", id: 2, result: {} });
    await until(() => received.length === 2);
    expect(received[1]).toEqual({ jsonrpc: "2.0", id: 2, result: {} });
    expect(transport.stats()).toMatchObject({ reconnectHeld: 2, reconnectPending: 0 });
    expect(stillCurrent?.()).toBe(true);
    recovering.resolve();
    await until(() => received.length === 4);
    expect(received.slice(2).map((m) => m.method)).toEqual(["note", "item/tool/call"]);
    // The answer to the server request of the live connection is forwarded.
    await transport.send({ jsonrpc: "2.0", id: 7, result: { ok: true } });
    await until(() => fromClient.length === 2);
    expect(fromClient[1]).toMatchObject({ id: 7, result: { ok: true } });
    await transport.close();
  });

  it("drops answers to server requests of the dead connection; a request sent while no connection is open waits for the recovery", async () => {
    let failFirst!: (error: Error) => void;
    const first = new Promise<void>((_, reject) => {
      failFirst = reject;
    });
    const second = deferred();
    let attempts = 0;
    const { transport, servers, clients, received } = setUp({
      recover: () => {
        attempts++;
        return attempts === 1 ? first : second.promise;
      },
    });
    await transport.start();
    await servers[0]?.send({ jsonrpc: "2.0", id: 3, method: "item/tool/call", params: {} });
    await until(() => received.length === 1);
    servers[0]?.closeWith({ code: 1006 });
    await until(() => clients.length === 2);
    // The first attempt fails; once its connection is closed, none is open until the next attempt.
    let late: Promise<void> | undefined;
    let droppedAnswer: Promise<void> | undefined;
    clients[1]?.onClose(() => {
      droppedAnswer = transport.send({ jsonrpc: "2.0", id: 3, result: {} }); // of the dead connection
      late = transport.send({ jsonrpc: "2.0", id: 4, method: "thread/list", params: {} });
    });
    failFirst(new Error("first attempt fails"));
    await droppedAnswer;
    await until(() => servers.length === 3);
    const server = servers[2] as MemoryTransport;
    const fromClient: JsonRpcMessage[] = [];
    server.onMessage((message) => fromClient.push(message));
    await new Promise((resolve) => setImmediate(resolve));
    expect(fromClient).toEqual([]);
    second.resolve();
    await late;
    await until(() => fromClient.length === 1);
    expect(fromClient).toEqual([{ jsonrpc: "2.0", id: 4, method: "thread/list", params: {} }]);
    await transport.close();
  });

  it("an owner's hold before a message keeps it, and what follows, until the hold settles; a drop voids the hold", async () => {
    const gate = deferred();
    let asked = 0;
    const { transport, servers, received } = setUp({
      holdBefore: (message) => {
        if (message.method !== "turn/completed") return undefined;
        asked++;
        return gate.promise;
      },
    });
    await transport.start();
    const server = servers[0] as MemoryTransport;
    await server.send(note(1));
    await server.send({ jsonrpc: "2.0", method: "turn/completed", params: {} });
    await server.send(note(2));
    await server.send({ jsonrpc: "2.0", id: 9, result: {} });
    await until(() => received.length === 2);
    expect(received.map((m) => m.method ?? m.id)).toEqual(["note", 9]);
    gate.resolve();
    await until(() => received.length === 4);
    expect(received.slice(2).map((m) => m.method)).toEqual(["turn/completed", "note"]);
    expect(asked).toBe(1);

    // A hold the owner starts itself; the connection drops under it: what it held goes with the connection.
    let current: StillCurrent | undefined;
    transport.hold(async (stillCurrent) => {
      current = stillCurrent;
      await new Promise(() => {}); // never settles: only the drop ends it
    });
    await server.send(note(3));
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.stats().reconnectHeld).toBe(1);
    server.closeWith({ code: 1006 });
    await until(() => servers.length === 2);
    expect(current?.()).toBe(false);
    await until(() => transport.stats().reconnectHeld === 0);
    await servers[1]?.send(note(4));
    await until(() => received.length === 5);
    expect(received[4]).toMatchObject({ method: "note", params: { n: 4 } });
    await transport.close();
  });
});
