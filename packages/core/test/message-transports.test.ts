import { describe, expect, it } from "vitest";
import {
  AppServerConnection,
  createLinkedTransports,
  type JsonRpcMessage,
  type MalformedMessageError,
  TransportClosedError,
  UnauthorizedError,
  type WebSocketEventLike,
  type WebSocketInitLike,
  WebSocketTransport,
} from "../src/index.js";
import { settle, until } from "./support/memory-stream.js";

const clientInfo = { name: "transport-test", version: "0" };

/**
 * A fake WebSocket (named as such): records the constructor arguments and every frame sent, and lets the
 * test open, drop or feed it — the faults a real server cannot produce on demand.
 */
class FakeWebSocket {
  static last: FakeWebSocket | undefined;
  readyState = 0;
  readonly frames: string[] = [];
  private readonly listeners = new Map<string, Array<(event: WebSocketEventLike) => void>>();
  constructor(
    readonly url: string,
    readonly init: WebSocketInitLike,
  ) {
    FakeWebSocket.last = this;
  }
  addEventListener(type: string, listener: (event: WebSocketEventLike) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  send(data: string): void {
    this.frames.push(data);
  }
  close(code = 1000, reason = ""): void {
    this.emit("close", { code, reason });
  }
  emit(type: string, event: WebSocketEventLike = {}): void {
    if (type === "open") this.readyState = 1;
    if (type === "close") this.readyState = 3;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

describe("in-memory linked transports", () => {
  it("deliver JSON copies to the other end and close both ends once", async () => {
    const [client, server] = createLinkedTransports();
    const received: JsonRpcMessage[] = [];
    server.onMessage((m) => received.push(m));
    const sent = { method: "x", params: { list: [1, 2] } };
    await client.send(sent);
    await until(() => received.length === 1, "delivery");
    expect(received[0]).toEqual(sent);
    expect(received[0]).not.toBe(sent);
    const closes: unknown[] = [];
    client.onClose((c) => closes.push(["client", c]));
    server.onClose((c) => closes.push(["server", c]));
    server.closeWith({ code: 1006, reason: "dropped" });
    await until(() => closes.length === 2, "both closes");
    await client.close(); // already closed by its peer: a no-op
    expect(closes).toEqual([
      ["server", { byClient: true }],
      ["client", { byClient: false, code: 1006, reason: "dropped" }],
    ]);
    await expect(client.send(sent)).rejects.toBeInstanceOf(TransportClosedError);
  });

  it("a connection over them rejects every pending call at once with the endpoint and close code", async () => {
    const [client, server] = createLinkedTransports();
    const connection = new AppServerConnection(client, { clientInfo });
    const calls = [connection.request("thread/list", {}), connection.request("model/list", {})];
    await settle();
    server.closeWith({ code: 1006 });
    const errors = await Promise.all(calls.map((c) => c.catch((e: unknown) => e)));
    for (const error of errors) {
      expect(error).toBeInstanceOf(TransportClosedError);
      expect((error as TransportClosedError).endpoint).toBe("memory (client end)");
      expect((error as TransportClosedError).closeCode).toBe(1006);
      expect((error as Error).message).toMatch(/memory \(client end\) closed with code 1006/);
    }
  });
});

describe("the request envelope", () => {
  it("carries a request's trace context beside id, method and params, and only on that request", async () => {
    const [client, server] = createLinkedTransports();
    const received: JsonRpcMessage[] = [];
    server.onMessage((m) => received.push(m));
    const connection = new AppServerConnection(client, { clientInfo });
    const trace = {
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      tracestate: "k=v",
    };
    void connection.request("thread/list", {}, { trace }).catch(() => {});
    void connection.request("model/list", {}).catch(() => {});
    await until(() => received.length === 2, "two requests");
    expect(received[0]).toEqual({ jsonrpc: "2.0", id: 0, method: "thread/list", params: {}, trace });
    expect(received[1]).toEqual({ jsonrpc: "2.0", id: 1, method: "model/list", params: {} });
    await connection.close();
  });
});

describe("WebSocketTransport", () => {
  it("sends the token only as a bearer header and one message per text frame", async () => {
    const transport = new WebSocketTransport("ws://127.0.0.1:4500", {
      WebSocket: FakeWebSocket,
      token: "secret-capability-token",
    });
    const started = transport.start();
    const socket = FakeWebSocket.last!;
    expect(socket.url).toBe("ws://127.0.0.1:4500");
    expect(socket.init.headers).toEqual({ Authorization: "Bearer secret-capability-token" });
    socket.emit("open");
    await started;
    const connection = new AppServerConnection(transport, { clientInfo });
    void connection.request("thread/list", {}).catch(() => {});
    void connection.request("model/list", {}).catch(() => {});
    await until(() => socket.frames.length === 2, "two frames");
    for (const frame of socket.frames) {
      expect(frame.endsWith("\n")).toBe(false);
      expect(JSON.parse(frame)).toMatchObject({ jsonrpc: "2.0" });
    }
    expect(socket.frames.map((f) => (JSON.parse(f) as { method: string }).method)).toEqual([
      "thread/list",
      "model/list",
    ]);
    await connection.close();
  });

  it("reports an undecodable frame and goes on; a drop names the endpoint and close code", async () => {
    const transport = new WebSocketTransport("ws://user:pw@10.0.0.5:4500/?x=1", { WebSocket: FakeWebSocket });
    expect(transport.endpoint).toBe("ws://10.0.0.5:4500");
    const started = transport.start();
    const socket = FakeWebSocket.last!;
    socket.emit("open");
    await started;
    const malformed: MalformedMessageError[] = [];
    const connection = new AppServerConnection(transport, {
      clientInfo,
      onMalformedMessage: (e) => malformed.push(e),
    });
    const call = connection.request("thread/list", {});
    await until(() => socket.frames.length === 1, "request sent");
    socket.emit("message", { data: '{"id":1,"result":{}}{"id":2,"result":{}}' });
    expect(malformed).toHaveLength(1);
    socket.emit("close", { code: 1006, reason: "" });
    const error = (await call.catch((e: unknown) => e)) as TransportClosedError;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error.message).toBe("The WebSocket to ws://10.0.0.5:4500 closed with code 1006");
    expect(error.closeCode).toBe(1006);
  });

  it("a refused upgrade rejects start naming the refused token and the endpoint", async () => {
    const transport = new WebSocketTransport("ws://127.0.0.1:1", {
      WebSocket: FakeWebSocket,
      token: "tok-123456",
    });
    const started = transport.start();
    const socket = FakeWebSocket.last!;
    socket.emit("error", { message: "Unexpected server response: 401" });
    socket.emit("close", { code: 1006 });
    const error = (await started.catch((e: unknown) => e)) as TransportClosedError;
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toMatch(
      /^codex app-server at ws:\/\/127\.0\.0\.1:1 refused the token \(HTTP 401 Unauthorized\)/,
    );
    expect(error.message).not.toContain("tok-123456");
  });
});
