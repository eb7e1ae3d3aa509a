import { describe, expect, it } from "vitest";
import {
  AppServerConnection,
  JsonlTransport,
  SERVER_REQUEST_DEFAULTS,
  SERVER_REQUEST_METHODS,
  type ServerRequestEvent,
  type ServerRequestMethod,
} from "../src/index.js";
import { MemoryStream, settle, until } from "./support/memory-stream.js";

function connect() {
  const stream = new MemoryStream();
  const connection = new AppServerConnection(new JsonlTransport(stream), {
    clientInfo: { name: "srv-req-test", version: "0" },
  });
  const events: ServerRequestEvent[] = [];
  connection.onServerRequest((e) => events.push(e));
  return { stream, connection, events };
}

const ids = { threadId: "thr_1", turnId: "turn_1", itemId: "call_1" };

/** Realistic params for every server request method of the pinned protocol. */
const PARAMS: Record<ServerRequestMethod, Record<string, unknown>> = {
  "item/commandExecution/requestApproval": {
    kind: "command",
    ...ids,
    startedAtMs: 1795669180817,
    environmentId: "local",
    command: "/bin/bash -lc 'touch created.txt'",
    cwd: "/work",
    availableDecisions: ["accept", "decline", "cancel"],
  },
  "item/fileChange/requestApproval": { ...ids, startedAtMs: 1, reason: null, grantRoot: null },
  "item/permissions/requestApproval": {
    ...ids,
    environmentId: null,
    startedAtMs: 1,
    cwd: "/work",
    reason: "needs network",
    permissions: {},
  },
  "item/tool/requestUserInput": {
    ...ids,
    questions: [
      { id: "q1", header: "Pick", question: "Which?", isOther: false, isSecret: false, options: null },
    ],
    isBlocking: true,
    autoResolutionMs: null,
  },
  "mcpServer/elicitation/request": {
    threadId: "thr_1",
    turnId: "turn_1",
    serverName: "bridge",
    mode: "form",
    _meta: null,
    message: "Allow the tool call?",
    requestedSchema: { type: "object", properties: {} },
  },
  "item/tool/call": {
    threadId: "thr_1",
    turnId: "turn_1",
    callId: "c1",
    namespace: null,
    tool: "lookup",
    arguments: { q: 1 },
  },
  "account/chatgptAuthTokens/refresh": { reason: "unauthorized", previousAccountId: null },
  "attestation/generate": {},
  applyPatchApproval: {
    conversationId: "thr_1",
    callId: "c1",
    fileChanges: {},
    reason: null,
    grantRoot: null,
  },
  execCommandApproval: {
    conversationId: "thr_1",
    callId: "c1",
    approvalId: null,
    command: ["rm", "-rf", "/"],
    cwd: "/",
    reason: null,
    parsedCmd: [],
  },
};

/** What codexkit must answer each method with when no handler is registered. */
const EXPECTED: Record<ServerRequestMethod, { result?: unknown; errorCode?: number }> = {
  "item/commandExecution/requestApproval": { result: { decision: "decline" } },
  "item/fileChange/requestApproval": { result: { decision: "decline" } },
  "item/permissions/requestApproval": { result: { permissions: {}, scope: "turn" } },
  "item/tool/requestUserInput": { result: { answers: {} } },
  "mcpServer/elicitation/request": { result: { action: "decline", content: null, _meta: null } },
  "item/tool/call": {
    result: {
      success: false,
      contentItems: [
        {
          type: "inputText",
          text: 'Tool call failed: this client has no implementation of the tool "lookup" for this thread (an unknown tool, or a thread resumed or forked without passing its tools).',
        },
      ],
    },
  },
  "account/chatgptAuthTokens/refresh": { errorCode: -32603 },
  "attestation/generate": { errorCode: -32603 },
  applyPatchApproval: { result: { decision: { denied: { rejection: "no approval handler registered" } } } },
  execCommandApproval: { result: { decision: { denied: { rejection: "no approval handler registered" } } } },
};

describe("server requests without a handler get the fail-closed default", () => {
  it("covers exactly the server request methods of the pinned protocol", () => {
    expect([...SERVER_REQUEST_METHODS].sort()).toEqual(Object.keys(PARAMS).sort());
    expect(Object.keys(SERVER_REQUEST_DEFAULTS).sort()).toEqual(Object.keys(PARAMS).sort());
  });

  it.each([...SERVER_REQUEST_METHODS])("%s", async (method) => {
    const { stream, events } = connect();
    stream.request(41, method, PARAMS[method]);
    const response = await stream.waitForResponse(41);
    const expected = EXPECTED[method];
    if (expected.errorCode !== undefined) {
      expect(response.result).toBeUndefined();
      expect(response.error?.code).toBe(expected.errorCode);
      expect(response.error?.message).toMatch(/^codexkit: no .* handler is registered$/);
    } else {
      expect(response).toEqual({ jsonrpc: "2.0", id: 41, result: expected.result });
    }
    await until(() => events.length === 1, "server request event");
    expect(events[0]).toMatchObject({ method, requestId: 41, answeredBy: "default", params: PARAMS[method] });
  });

  it.each([
    { offered: ["accept", "cancel"], decision: "cancel" },
    {
      offered: ["accept", { acceptWithExecpolicyAmendment: { execpolicy_amendment: ["touch"] } }, "cancel"],
      decision: "cancel",
    },
    { offered: ["accept", "decline"], decision: "decline" },
    { offered: undefined, decision: "decline" },
    { offered: null, decision: "decline" },
  ])("command approval with availableDecisions $offered → $decision", async ({ offered, decision }) => {
    const { stream } = connect();
    const params: Record<string, unknown> = { ...PARAMS["item/commandExecution/requestApproval"] };
    if (offered === undefined) delete params.availableDecisions;
    else params.availableDecisions = offered;
    stream.request(0, "item/commandExecution/requestApproval", params);
    const response = await stream.waitForResponse(0);
    expect(response.result).toEqual({ decision });
  });

  it("answers string request ids with the same id", async () => {
    const { stream, events } = connect();
    stream.request("req-abc", "item/fileChange/requestApproval", PARAMS["item/fileChange/requestApproval"]);
    const response = await stream.waitForResponse("req-abc");
    expect(response.result).toEqual({ decision: "decline" });
    await until(() => events.length === 1, "event");
    expect(events[0]?.requestId).toBe("req-abc");
  });

  it.each([
    ["item/commandExecution/requestApproval", { decision: "decline" }],
    ["item/tool/call", { success: false, contentItems: [expect.objectContaining({ type: "inputText" })] }],
  ])("still answers %s sent without params with the default", async (method, result) => {
    const { stream } = connect();
    stream.request(6, method);
    const response = await stream.waitForResponse(6);
    expect(response.error).toBeUndefined();
    expect(response.result).toEqual(result);
  });

  it("gives a server request sent without params to the default as undefined params", async () => {
    const { stream, events } = connect();
    stream.request(9, "attestation/generate");
    const response = await stream.waitForResponse(9);
    expect(response.error?.code).toBe(-32603);
    await until(() => events.length === 1, "event");
    expect(events[0]?.params).toBeUndefined();
  });
});

describe("server request handlers", () => {
  it("sends a registered handler's result and reports answeredBy handler with the request id", async () => {
    const { stream, connection, events } = connect();
    const seen: Array<{ params: unknown; requestId: string | number }> = [];
    connection.setRequestHandler("item/commandExecution/requestApproval", (params, context) => {
      seen.push({ params, requestId: context.requestId });
      return { decision: "accept" };
    });
    const params = PARAMS["item/commandExecution/requestApproval"];
    stream.request(3, "item/commandExecution/requestApproval", params);
    const response = await stream.waitForResponse(3);
    expect(response).toEqual({ jsonrpc: "2.0", id: 3, result: { decision: "accept" } });
    expect(seen).toEqual([{ params, requestId: 3 }]);
    await until(() => events.length === 1, "event");
    expect(events[0]).toEqual({
      method: "item/commandExecution/requestApproval",
      requestId: 3,
      params,
      answeredBy: "handler",
      result: { decision: "accept" },
    });
  });

  it("awaits an async handler", async () => {
    const { stream, connection } = connect();
    connection.setRequestHandler("item/tool/requestUserInput", async () => {
      await settle(2);
      return { answers: { q1: { answers: ["yes"] } } };
    });
    stream.request(8, "item/tool/requestUserInput", PARAMS["item/tool/requestUserInput"]);
    const response = await stream.waitForResponse(8);
    expect(response.result).toEqual({ answers: { q1: { answers: ["yes"] } } });
  });

  it("falls back to the safe default when the handler throws, reporting the error", async () => {
    const { stream, connection, events } = connect();
    const failure = new Error("handler exploded");
    connection.setRequestHandler("item/fileChange/requestApproval", () => {
      throw failure;
    });
    connection.setRequestHandler("item/permissions/requestApproval", async () => {
      throw failure;
    });
    stream.request(1, "item/fileChange/requestApproval", PARAMS["item/fileChange/requestApproval"]);
    stream.request(2, "item/permissions/requestApproval", PARAMS["item/permissions/requestApproval"]);
    expect((await stream.waitForResponse(1)).result).toEqual({ decision: "decline" });
    expect((await stream.waitForResponse(2)).result).toEqual({ permissions: {}, scope: "turn" });
    await until(() => events.length === 2, "two events");
    for (const event of events) {
      expect(event.answeredBy).toBe("default");
      expect(event.reason).toBe("handlerThrew");
      expect(event.error).toBe(failure);
    }
  });

  it("a handler that returns undefined defers to the default, reported as noHandler", async () => {
    const { stream, connection, events } = connect();
    connection.setRequestHandler("item/fileChange/requestApproval", () => undefined);
    stream.request(1, "item/fileChange/requestApproval", PARAMS["item/fileChange/requestApproval"]);
    expect((await stream.waitForResponse(1)).result).toEqual({ decision: "decline" });
    await until(() => events.length === 1, "one event");
    expect(events[0]).toMatchObject({ answeredBy: "default", reason: "noHandler" });
    expect(events[0]?.error).toBeUndefined();
  });

  it("aborts a pending handler's signal when the server withdraws the request, and on close", async () => {
    const { stream, connection } = connect();
    const signals = new Map<string | number, AbortSignal>();
    connection.setRequestHandler("item/fileChange/requestApproval", (_params, { requestId, signal }) => {
      signals.set(requestId, signal);
      return new Promise((resolve) =>
        signal.addEventListener("abort", () => resolve({ decision: "cancel" })),
      );
    });
    stream.request(7, "item/fileChange/requestApproval", PARAMS["item/fileChange/requestApproval"]);
    stream.request(8, "item/fileChange/requestApproval", PARAMS["item/fileChange/requestApproval"]);
    await until(() => signals.size === 2, "both handlers running");
    expect(signals.get(7)?.aborted).toBe(false);
    stream.notify("serverRequest/resolved", { threadId: "thr_1", requestId: 7 });
    await until(() => signals.get(7)?.aborted === true, "request 7 withdrawn");
    expect(signals.get(8)?.aborted).toBe(false);
    stream.close();
    await until(() => signals.get(8)?.aborted === true, "request 8 aborted by close");
  });

  it("a throwing handler for a credential request still yields the error response", async () => {
    const { stream, connection, events } = connect();
    const failure = new Error("no tokens");
    connection.setRequestHandler("account/chatgptAuthTokens/refresh", () => {
      throw failure;
    });
    stream.request(4, "account/chatgptAuthTokens/refresh", PARAMS["account/chatgptAuthTokens/refresh"]);
    const response = await stream.waitForResponse(4);
    expect(response.error?.code).toBe(-32603);
    await until(() => events.length === 1, "event");
    expect(events[0]).toMatchObject({ answeredBy: "default", result: undefined, error: failure });
  });

  it("removing a handler restores the default; replacing it uses the new one", async () => {
    const { stream, connection } = connect();
    const remove = connection.setRequestHandler("item/fileChange/requestApproval", () => ({
      decision: "accept",
    }));
    stream.request(1, "item/fileChange/requestApproval", PARAMS["item/fileChange/requestApproval"]);
    expect((await stream.waitForResponse(1)).result).toEqual({ decision: "accept" });
    remove();
    stream.request(2, "item/fileChange/requestApproval", PARAMS["item/fileChange/requestApproval"]);
    expect((await stream.waitForResponse(2)).result).toEqual({ decision: "decline" });

    const removeOld = connection.setRequestHandler("item/fileChange/requestApproval", () => ({
      decision: "acceptForSession",
    }));
    connection.setRequestHandler("item/fileChange/requestApproval", () => ({ decision: "cancel" }));
    removeOld(); // must not remove the newer handler
    stream.request(3, "item/fileChange/requestApproval", PARAMS["item/fileChange/requestApproval"]);
    expect((await stream.waitForResponse(3)).result).toEqual({ decision: "cancel" });
  });

  it("reports each request's own id with two requests in flight, answered in reverse order", async () => {
    const { stream, connection, events } = connect();
    const releases = new Map<string, () => void>();
    const contexts: Array<{ itemId: string; requestId: string | number }> = [];
    connection.setRequestHandler("item/commandExecution/requestApproval", async (params, context) => {
      contexts.push({ itemId: params.itemId, requestId: context.requestId });
      await new Promise<void>((resolve) => releases.set(params.itemId, resolve));
      return { decision: params.itemId === "call_A" ? "accept" : "decline" };
    });
    const base = PARAMS["item/commandExecution/requestApproval"];
    stream.request(10, "item/commandExecution/requestApproval", { ...base, itemId: "call_A" });
    stream.request(11, "item/commandExecution/requestApproval", { ...base, itemId: "call_B" });
    await until(() => releases.size === 2, "both handlers running");
    releases.get("call_B")!();
    expect((await stream.waitForResponse(11)).result).toEqual({ decision: "decline" });
    releases.get("call_A")!();
    expect((await stream.waitForResponse(10)).result).toEqual({ decision: "accept" });

    expect(contexts).toEqual([
      { itemId: "call_A", requestId: 10 },
      { itemId: "call_B", requestId: 11 },
    ]);
    await until(() => events.length === 2, "two events");
    const byItem = new Map(events.map((e) => [(e.params as { itemId: string }).itemId, e.requestId]));
    expect(byItem.get("call_A")).toBe(10);
    expect(byItem.get("call_B")).toBe(11);
  });

  it("reports the right id when a server request interleaves with notifications and responses", async () => {
    const { stream, connection, events } = connect();
    const pending = connection.request("thread/start", {});
    const request = await stream.waitForRequest("thread/start");
    stream.request(77, "item/fileChange/requestApproval", PARAMS["item/fileChange/requestApproval"]);
    stream.notify("warning", { message: "x" });
    stream.respond(request.id, { thread: { id: "t" } });
    stream.request(78, "mcpServer/elicitation/request", PARAMS["mcpServer/elicitation/request"]);
    await pending;
    await stream.waitForResponse(77);
    await stream.waitForResponse(78);
    await until(() => events.length === 2, "two events");
    expect(events.map((e) => [e.method, e.requestId])).toEqual([
      ["item/fileChange/requestApproval", 77],
      ["mcpServer/elicitation/request", 78],
    ]);
  });

  it("answers a server request with nothing queued ahead without waiting for a macrotask", async () => {
    const { stream, connection } = connect();
    connection.setRequestHandler("item/tool/call", () => ({ success: true, contentItems: [] }));
    // A macrotask scheduled before the request arrives: the answer must already be written when it runs
    // (vscode-jsonrpc's own queue would dispatch the request in a later macrotask).
    const writtenBeforeMacrotask = new Promise<string>((resolve) =>
      setImmediate(() => resolve(stream.written)),
    );
    stream.request(31, "item/tool/call", PARAMS["item/tool/call"]);
    expect(await writtenBeforeMacrotask).toContain('"id":31');
    expect((await stream.waitForResponse(31)).result).toEqual({ success: true, contentItems: [] });
  });

  it("answers a server request queued behind a response only after that response, in arrival order", async () => {
    const { stream, connection, events } = connect();
    const owned = new Set<string>();
    connection.setRequestOwnership((_method, params) => owned.has((params as { turnId: string }).turnId));
    const pending = connection.request("turn/start", { threadId: "thr_1", input: [] });
    const request = await stream.waitForRequest("turn/start");
    void pending.then(() => owned.add("turn_1"));
    // One chunk: the response (queued for vscode-jsonrpc) and, behind it, a request for the turn it started.
    stream.push(
      `${JSON.stringify({ id: request.id, result: { turn: { id: "turn_1" } } })}\n${JSON.stringify({
        id: 41,
        method: "item/fileChange/requestApproval",
        params: PARAMS["item/fileChange/requestApproval"],
      })}\n`,
    );
    await pending;
    expect((await stream.waitForResponse(41)).result).toEqual({ decision: "decline" });
    expect(events.map((e) => e.answeredBy)).toEqual(["default"]);
  });

  it("answers an unknown server request method with a -32601 error and reports it", async () => {
    const { stream, events } = connect();
    stream.request(12, "item/brandNew/requestSomething", { a: 1 });
    const response = await stream.waitForResponse(12);
    expect(response.result).toBeUndefined();
    expect(response.error?.code).toBe(-32601);
    expect(response.error?.message).toContain("item/brandNew/requestSomething");
    await until(() => events.length === 1, "event");
    expect(events[0]).toMatchObject({
      method: "item/brandNew/requestSomething",
      requestId: 12,
      params: { a: 1 },
      answeredBy: "unknown",
      result: undefined,
    });
  });
});
