import { describe, expect, it } from "vitest";
import {
  AbortError,
  AppServerConnection,
  CodexError,
  type ConnectionOptions,
  InvalidInputError,
  InvalidParamsError,
  InvalidRequestError,
  JsonlTransport,
  type JsonRpcError,
  MethodNotFoundError,
  type Notification,
  ServerBusyError,
  TransportClosedError,
  UnsupportedServerError,
} from "../src/index.js";
import { PARAMLESS_CLIENT_METHODS } from "../src/internal.js";
import { MemoryStream, settle, until } from "./support/memory-stream.js";

const clientInfo = { name: "lifecycle-test", version: "1.2.3" };

function connect(options: Partial<ConnectionOptions> = {}) {
  const stream = new MemoryStream();
  const connection = new AppServerConnection(new JsonlTransport(stream), { clientInfo, ...options });
  return { stream, connection };
}

const initializeResult = {
  userAgent: "lifecycle-test/0.169.0 (Debian 12.0.0; x86_64) xterm (lifecycle-test; 1.2.3)",
  codexHome: "/tmp/codex-home",
  platformFamily: "unix",
  platformOs: "linux",
};

describe("initialize handshake", () => {
  it("sends initialize with clientInfo and default capabilities, then the initialized notification", async () => {
    const { stream, connection } = connect();
    expect(() => connection.metadata).toThrow(CodexError);
    const done = connection.initialize();
    const request = await stream.waitForRequest("initialize");
    expect(request).toEqual({
      jsonrpc: "2.0",
      id: request.id,
      method: "initialize",
      params: {
        clientInfo: { name: "lifecycle-test", version: "1.2.3", title: null },
        capabilities: { experimentalApi: true, requestAttestation: false },
      },
    });
    // nothing else is sent before the server answers
    expect(stream.messages()).toHaveLength(1);
    stream.respond(request.id, initializeResult);
    const metadata = { ...initializeResult, serverInfo: { name: "lifecycle-test", version: "0.169.0" } };
    await expect(done).resolves.toEqual(metadata);
    expect(connection.metadata).toEqual(metadata);

    const messages = stream.messages();
    expect(messages).toHaveLength(2);
    expect(messages[1]).toEqual({ jsonrpc: "2.0", method: "initialized" });
    expect("params" in messages[1]!).toBe(false);
  });

  it.each([
    ["without userAgent", { codexHome: "/h", platformFamily: "unix", platformOs: "linux" }, /userAgent/],
    [
      "from a server older than the minimum",
      { ...initializeResult, userAgent: "codex/0.150.0 (x)" },
      /0\.150\.0/,
    ],
  ])(
    "refuses an initialize answer %s: UnsupportedServerError, no initialized sent",
    async (_, answer, message) => {
      const { stream, connection } = connect();
      const done = connection.initialize();
      const request = await stream.waitForRequest("initialize");
      stream.respond(request.id, answer);
      await expect(done).rejects.toBeInstanceOf(UnsupportedServerError);
      await expect(done).rejects.toThrow(message);
      expect(stream.messages()).toHaveLength(1);
      expect(() => connection.metadata).toThrow(CodexError);
    },
  );

  it("sends the title and custom capabilities when given", async () => {
    const { stream, connection } = connect({
      clientInfo: { name: "n", version: "v", title: "My App" },
      capabilities: {
        experimentalApi: false,
        requestAttestation: false,
        optOutNotificationMethods: ["thread/started"],
      },
    });
    const done = connection.initialize();
    const request = await stream.waitForRequest("initialize");
    expect(request.params).toEqual({
      clientInfo: { name: "n", version: "v", title: "My App" },
      capabilities: {
        experimentalApi: false,
        requestAttestation: false,
        optOutNotificationMethods: ["thread/started"],
      },
    });
    stream.respond(request.id, initializeResult);
    await done;
  });

  it("rejects and leaves metadata unset when initialize fails; sends no initialized notification", async () => {
    const { stream, connection } = connect();
    const done = connection.initialize();
    const request = await stream.waitForRequest("initialize");
    stream.respondError(request.id, -32600, "Already initialized");
    await expect(done).rejects.toBeInstanceOf(InvalidRequestError);
    expect(() => connection.metadata).toThrow(/not initialized/);
    expect(stream.messages().some((m) => m.method === "initialized")).toBe(false);
  });
});

describe("requests", () => {
  it("always sends params, {} when omitted, and resolves with the result", async () => {
    const { stream, connection } = connect();
    const withParams = connection.request("thread/start", { model: "mock-model" });
    const withoutParams = connection.request("thread/loaded/list");
    const first = await stream.waitForRequest("thread/start");
    const second = await stream.waitForRequest("thread/loaded/list");
    expect(first).toEqual({
      jsonrpc: "2.0",
      id: first.id,
      method: "thread/start",
      params: { model: "mock-model" },
    });
    expect(second).toEqual({ jsonrpc: "2.0", id: second.id, method: "thread/loaded/list", params: {} });
    expect(first.id).not.toEqual(second.id);

    stream.respond(second.id, { data: [], nextCursor: null });
    stream.respond(first.id, { thread: { id: "thr_1" } });
    await expect(withoutParams).resolves.toEqual({ data: [], nextCursor: null });
    await expect(withParams).resolves.toEqual({ thread: { id: "thr_1" } });
  });

  it("sends param-less methods such as account/logout without a params member", async () => {
    expect(PARAMLESS_CLIENT_METHODS).toContain("account/logout");
    const { stream, connection } = connect();
    const done = connection.request("account/logout");
    const request = await stream.waitForRequest("account/logout");
    expect(request).toEqual({ jsonrpc: "2.0", id: request.id, method: "account/logout" });
    expect("params" in request).toBe(false);
    stream.respond(request.id, {});
    await expect(done).resolves.toEqual({});
  });

  it("rejects params given to a param-less method with InvalidInputError, sending nothing", async () => {
    const { stream, connection } = connect();
    await expect(connection.request("account/logout", {} as never)).rejects.toBeInstanceOf(InvalidInputError);
    expect(stream.written).toBe("");
  });

  it.each([
    {
      name: "unknown variant (-32600) → MethodNotFoundError",
      code: -32600,
      message: "Invalid request: unknown variant `x/y`, expected one of `initialize`, `thread/start`",
      type: MethodNotFoundError,
      errorCode: "method_not_found",
    },
    {
      name: "other -32600 → InvalidRequestError",
      code: -32600,
      message: "thread not found: 0191",
      type: InvalidRequestError,
      errorCode: "invalid_request",
    },
    {
      name: "-32601 → MethodNotFoundError",
      code: -32601,
      message: "Method not found",
      type: MethodNotFoundError,
      errorCode: "method_not_found",
    },
    {
      name: "-32602 → InvalidParamsError",
      code: -32602,
      message: "bad params",
      type: InvalidParamsError,
      errorCode: "invalid_params",
    },
    {
      name: "-32001 → ServerBusyError",
      code: -32001,
      message: "Server overloaded; retry later.",
      type: ServerBusyError,
      errorCode: "server_busy",
    },
    {
      name: 'data "server_overloaded" → ServerBusyError',
      code: -32000,
      message: "busy",
      data: "server_overloaded",
      type: ServerBusyError,
      errorCode: "server_busy",
    },
  ])("maps JSON-RPC errors: $name, with .method set", async ({ code, message, data, type, errorCode }) => {
    const { stream, connection } = connect();
    const done = connection.request("thread/read", { threadId: "t" });
    const request = await stream.waitForRequest("thread/read");
    stream.respondError(request.id, code, message, data);
    const error = await done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(type);
    const rpc = error as JsonRpcError;
    expect(rpc.code).toBe(errorCode);
    expect(rpc.rpcCode).toBe(code);
    expect(rpc.rpcMessage).toBe(message);
    expect(rpc.method).toBe("thread/read");
    expect(rpc.data).toEqual(data);
    expect(rpc.message).toContain("(thread/read)");
  });

  it("with an already-aborted signal writes nothing and rejects with AbortError", async () => {
    const { stream, connection } = connect();
    const controller = new AbortController();
    controller.abort(new Error("user gave up"));
    const error = await connection.request("thread/start", {}, { signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).code).toBe("aborted");
    expect((error as AbortError).cause).toBe(controller.signal.reason);
    await settle();
    expect(stream.written).toBe("");
  });

  it("rejects a pending request with AbortError when its signal aborts; a late response is ignored", async () => {
    const { stream, connection } = connect();
    const controller = new AbortController();
    const done = connection.request("thread/start", {}, { signal: controller.signal });
    const request = await stream.waitForRequest("thread/start");
    controller.abort();
    await expect(done).rejects.toBeInstanceOf(AbortError);
    stream.respond(request.id, { thread: { id: "late" } });
    await settle();
    // the connection still works afterwards
    const next = connection.request("thread/loaded/list", {});
    const nextRequest = await stream.waitForRequest("thread/loaded/list");
    stream.respond(nextRequest.id, { data: ["ok"], nextCursor: null });
    await expect(next).resolves.toEqual({ data: ["ok"], nextCursor: null });
  });

  it("a signal that never aborts does not affect the call", async () => {
    const { stream, connection } = connect();
    const controller = new AbortController();
    const done = connection.request("thread/loaded/list", {}, { signal: controller.signal });
    const request = await stream.waitForRequest("thread/loaded/list");
    stream.respond(request.id, { data: [], nextCursor: null });
    await expect(done).resolves.toEqual({ data: [], nextCursor: null });
    controller.abort();
    await settle();
  });

  it("delivers notifications in arrival order to every listener until unsubscribed", async () => {
    const { stream, connection } = connect();
    const a: Notification[] = [];
    const b: Notification[] = [];
    connection.onNotification((n) => a.push(n));
    const unsubscribe = connection.onNotification((n) => b.push(n));
    stream.notify("thread/started", { thread: { id: "t1" } });
    stream.notify("turn/started", { threadId: "t1", turn: { id: "u1" } });
    await until(() => a.length === 2, "two notifications");
    unsubscribe();
    stream.notify("future/method", { anything: true });
    await until(() => a.length === 3, "third notification");
    expect(a.map((n) => n.method)).toEqual(["thread/started", "turn/started", "future/method"]);
    expect(a[2]?.params).toEqual({ anything: true });
    expect(b.map((n) => n.method)).toEqual(["thread/started", "turn/started"]);
  });
});

describe("closing", () => {
  it("rejects every pending request with TransportClosedError when the stream closes", async () => {
    const { stream, connection } = connect();
    const closes: CodexError[] = [];
    connection.onClose((e) => closes.push(e));
    const first = connection.request("thread/start", {});
    const second = connection.request("model/list", { limit: 1 });
    await stream.waitForRequest("model/list");
    stream.close();
    const [e1, e2] = await Promise.all([first.catch((e) => e), second.catch((e) => e)]);
    expect(e1).toBeInstanceOf(TransportClosedError);
    expect(e1).toBe(e2);
    expect((e1 as TransportClosedError).code).toBe("transport_closed");
    expect(connection.isClosed).toBe(true);
    expect(closes).toEqual([e1]);
  });

  it("rejects later requests and notifications immediately with the close error, writing nothing", async () => {
    const { stream, connection } = connect();
    const pending = connection.request("thread/start", {});
    await stream.waitForRequest("thread/start");
    stream.close();
    const closeError = await pending.catch((e) => e);
    const written = stream.written;
    await expect(connection.request("thread/loaded/list", {})).rejects.toBe(closeError);
    await expect(connection.notify("initialized")).rejects.toBe(closeError);
    expect(stream.written).toBe(written);
  });

  it("a request made right after the stream closed rejects with the close error, not an internal one", async () => {
    let release: ((error: CodexError) => void) | undefined;
    const describeClose = () => new Promise<CodexError>((resolve) => (release = resolve));
    const { stream, connection } = connect({ describeClose });
    stream.close();
    // the close error is not known yet
    const early = connection.request("thread/loaded/list", {});
    const earlyNotify = connection.notify("initialized");
    await until(() => release !== undefined, "describeClose called");
    const late = connection.request("thread/loaded/list", {});
    const custom = new TransportClosedError("app-server exited with code 3", { stderrTail: "boom" });
    release!(custom);
    await expect(early).rejects.toBe(custom);
    await expect(earlyNotify).rejects.toBe(custom);
    await expect(late).rejects.toBe(custom);
    expect(stream.written).toBe("");
  });

  it("uses the error from describeClose, which receives the stream's error", async () => {
    const causes: Array<Error | undefined> = [];
    const { stream, connection } = connect({
      describeClose: (cause) => {
        causes.push(cause);
        return new TransportClosedError("codex app-server exited with code 1", {
          stderrTail: "ERROR something bad\n",
          code: "process_exited",
        });
      },
    });
    const pending = connection.request("thread/start", {});
    await stream.waitForRequest("thread/start");
    const streamError = new Error("read ECONNRESET");
    stream.close(streamError);
    const error = (await pending.catch((e) => e)) as TransportClosedError;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error.code).toBe("process_exited");
    expect(error.stderrTail).toBe("ERROR something bad\n");
    expect(error.message).toContain("--- stderr tail ---\nERROR something bad");
    expect(causes).toEqual([streamError]);
  });

  it("falls back to a TransportClosedError when describeClose throws", async () => {
    const failure = new Error("describe failed");
    const { stream, connection } = connect({
      describeClose: () => {
        throw failure;
      },
    });
    const pending = connection.request("thread/start", {});
    stream.close();
    const error = await pending.catch((e) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).cause).toBe(failure);
  });

  it("delivers notifications that arrived before the close before reporting the close", async () => {
    const { stream, connection } = connect();
    const events: string[] = [];
    connection.onNotification((n) => events.push(n.method));
    connection.onClose(() => events.push("<close>"));
    stream.notify("turn/started", { threadId: "t", turn: { id: "u" } });
    stream.notify("turn/completed", { threadId: "t", turn: { id: "u" } });
    stream.close();
    await until(() => events.includes("<close>"), "close event");
    await settle();
    expect(events).toEqual(["turn/started", "turn/completed", "<close>"]);
  });

  it("close() settles pending calls, ends the stream, and is idempotent", async () => {
    const { stream, connection } = connect();
    const closes: CodexError[] = [];
    connection.onClose((e) => closes.push(e));
    const pending = connection.request("thread/start", {});
    const request = await stream.waitForRequest("thread/start");
    await connection.close();
    const error = await pending.catch((e) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toMatch(/closed by the client/);
    expect(stream.ended).toBe(true);
    expect(connection.isClosed).toBe(true);

    await connection.close();
    await connection.close();
    expect(closes).toEqual([error]);
    // a response arriving after close does not resurrect anything
    stream.respond(request.id, { thread: { id: "late" } });
    await settle();
    await expect(connection.request("thread/start", {})).rejects.toBe(error);
  });

  it("close() after the stream already closed keeps the original close error", async () => {
    const { stream, connection } = connect();
    const pending = connection.request("thread/start", {});
    stream.close();
    const error = await pending.catch((e) => e);
    await connection.close();
    await expect(connection.request("thread/start", {})).rejects.toBe(error);
    expect((error as Error).message).not.toMatch(/closed by the client/);
  });

  it("concurrent close() calls settle together", async () => {
    const { stream, connection } = connect();
    const pending = connection.request("thread/start", {});
    await stream.waitForRequest("thread/start");
    await Promise.all([connection.close(), connection.close(), connection.close()]);
    await expect(pending).rejects.toBeInstanceOf(TransportClosedError);
  });
});

describe("ordering of responses and notifications", () => {
  it("a response's awaiting code runs before notifications that follow it, in one chunk or in the next", async () => {
    const { stream, connection } = connect();
    const log: string[] = [];
    connection.onNotification((n) => log.push(`notification ${n.method}`));
    const started = connection.request("turn/start", { threadId: "t", input: [] }).then(() => {
      log.push("turn/start resolved");
    });
    const request = await stream.waitForRequest("turn/start");
    // the response and the first notification in one chunk, the next notification in a second chunk
    stream.push(
      `${JSON.stringify({ id: request.id, result: { turn: { id: "u1" } } })}\n` +
        `${JSON.stringify({ method: "turn/started", params: { threadId: "t", turn: { id: "u1" } } })}\n`,
    );
    stream.push(`${JSON.stringify({ method: "item/started", params: { threadId: "t", turnId: "u1" } })}\n`);
    await started;
    await until(() => log.length === 3, "three entries");
    expect(log).toEqual(["turn/start resolved", "notification turn/started", "notification item/started"]);
  });

  it("notifications with nothing queued ahead are delivered in arrival order", async () => {
    const { stream, connection } = connect();
    const seen: number[] = [];
    connection.onNotification((n) => seen.push((n.params as unknown as { n: number }).n));
    const lines = Array.from(
      { length: 50 },
      (_, n) => `${JSON.stringify({ method: "warning", params: { n } })}\n`,
    );
    stream.push(lines.slice(0, 20).join(""));
    for (const line of lines.slice(20)) stream.push(line);
    await until(() => seen.length === 50, "all notifications");
    expect(seen).toEqual(Array.from({ length: 50 }, (_, n) => n));
  });
});
