import { describe, expect, it } from "vitest";
import {
  AbortError,
  CodexError,
  InternalRpcError,
  InvalidInputError,
  InvalidParamsError,
  InvalidRequestError,
  isRetryableError,
  JsonRpcError,
  MalformedMessageError,
  MethodNotFoundError,
  ParseError,
  RetryLimitExceededError,
  SERVER_OVERLOADED_CODE,
  ServerBusyError,
  ThreadBusyError,
  TimeoutError,
  TransportClosedError,
} from "../src/index.js";
import { isServerOverloadedData, mapJsonRpcError } from "../src/internal.js";

const UNKNOWN_METHOD =
  "Invalid request: unknown variant `no/such/method`, expected one of `initialize`, `server/diagnostics`, `thread/start`";

describe("mapJsonRpcError", () => {
  it("maps codex's active-writer refusal to ThreadBusyError with the thread id and a hint to fork", () => {
    const id = "01a2330b-55ab-7153-bf0d-773e5b546f00";
    const error = mapJsonRpcError(
      -32600,
      `thread ${id} already has an active writer`,
      undefined,
      "thread/resume",
    );
    expect(error).toBeInstanceOf(ThreadBusyError);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.code).toBe("thread_busy");
    expect((error as ThreadBusyError).threadId).toBe(id);
    expect(error.message).toContain("fork");
    expect(error.rpcMessage).toBe(`thread ${id} already has an active writer`);
  });

  it.each([
    { code: -32700, message: "parse", type: ParseError, errorCode: "parse_error" },
    { code: -32600, message: UNKNOWN_METHOD, type: MethodNotFoundError, errorCode: "method_not_found" },
    { code: -32600, message: "Not initialized", type: InvalidRequestError, errorCode: "invalid_request" },
    {
      code: -32600,
      message: "Invalid request: missing field `params`",
      type: InvalidRequestError,
      errorCode: "invalid_request",
    },
    { code: -32601, message: "Method not found", type: MethodNotFoundError, errorCode: "method_not_found" },
    { code: -32602, message: "bad", type: InvalidParamsError, errorCode: "invalid_params" },
    { code: -32603, message: "oops", type: InternalRpcError, errorCode: "internal_error" },
    {
      code: SERVER_OVERLOADED_CODE,
      message: "Server overloaded; retry later.",
      type: ServerBusyError,
      errorCode: "server_busy",
    },
    {
      code: -32001,
      message: "exceeded retry limit, last status: 429",
      type: RetryLimitExceededError,
      errorCode: "retry_limit_exceeded",
    },
    {
      code: -32050,
      message: "Too many failed attempts",
      type: RetryLimitExceededError,
      errorCode: "retry_limit_exceeded",
    },
    { code: -32050, message: "something else", type: JsonRpcError, errorCode: "jsonrpc_error" },
    { code: 1234, message: "custom", type: JsonRpcError, errorCode: "jsonrpc_error" },
  ])("$code '$message' → $type.name", ({ code, message, type, errorCode }) => {
    const error = mapJsonRpcError(code, message, undefined, "thread/start");
    expect(error).toBeInstanceOf(type);
    expect(error.constructor).toBe(type);
    expect(error.code).toBe(errorCode);
    expect(error.rpcCode).toBe(code);
    expect(error.rpcMessage).toBe(message);
    expect(error.method).toBe("thread/start");
    expect(error.message).toBe(`JSON-RPC error ${code} (thread/start): ${message}`);
    expect(error.name).toBe(type.name);
    expect(error).toBeInstanceOf(CodexError);
    expect(error).toBeInstanceOf(Error);
  });

  it("requires 'Invalid request' as well as 'unknown variant' for MethodNotFoundError", () => {
    // an unknown *enum value* inside params is a params problem, not an unknown method
    const error = mapJsonRpcError(-32600, "unknown variant `sideways`, expected `on-request` or `never`");
    expect(error).toBeInstanceOf(InvalidRequestError);
  });

  it.each([
    ["server_overloaded"],
    ["SERVER_OVERLOADED"],
    [{ codexErrorInfo: "server_overloaded" }],
    [{ codex_error_info: "server_overloaded" }],
    [{ errorInfo: { kind: "server_overloaded" } }],
    [["other", { nested: ["server_overloaded"] }]],
  ])("maps -32000..-32099 with overload data %j to ServerBusyError", (data) => {
    const error = mapJsonRpcError(-32000, "busy", data);
    expect(error).toBeInstanceOf(ServerBusyError);
    expect(error.data).toEqual(data);
  });

  it("does not treat overload data outside the server-error range as busy", () => {
    expect(mapJsonRpcError(-32603, "x", "server_overloaded")).toBeInstanceOf(InternalRpcError);
    expect(mapJsonRpcError(500, "x", "server_overloaded")).not.toBeInstanceOf(ServerBusyError);
  });

  it("tolerates a malformed error: missing code → -32000, missing message → 'unknown'", () => {
    const error = mapJsonRpcError(undefined, undefined);
    expect(error).toBeInstanceOf(JsonRpcError);
    expect(error.rpcCode).toBe(-32000);
    expect(error.rpcMessage).toBe("unknown");
    expect(error.method).toBeUndefined();
    expect(error.message).toBe("JSON-RPC error -32000: unknown");
    expect(mapJsonRpcError(Number.NaN, 5).rpcCode).toBe(-32000);
  });
});

describe("isServerOverloadedData", () => {
  it("is false for other data, null, and pathologically deep data", () => {
    expect(isServerOverloadedData(undefined)).toBe(false);
    expect(isServerOverloadedData(null)).toBe(false);
    expect(isServerOverloadedData("server overloaded")).toBe(false);
    expect(isServerOverloadedData({ codexErrorInfo: "internalServerError" })).toBe(false);
    expect(isServerOverloadedData(42)).toBe(false);
    let deep: unknown = "server_overloaded";
    for (let i = 0; i < 20; i++) deep = { inner: deep };
    expect(isServerOverloadedData(deep)).toBe(false);
  });
});

describe("isRetryableError", () => {
  it.each([
    ["ServerBusyError", new ServerBusyError(-32001, "busy"), true],
    ["RetryLimitExceededError", new RetryLimitExceededError(-32001, "retry limit"), true],
    ["JsonRpcError with overload data", new JsonRpcError(-32603, "x", { data: "server_overloaded" }), true],
    ["InvalidRequestError", new InvalidRequestError(-32600, "Not initialized"), false],
    ["MethodNotFoundError", new MethodNotFoundError(-32601, "nope"), false],
    ["plain JsonRpcError", new JsonRpcError(-32000, "x"), false],
    ["TransportClosedError", new TransportClosedError(), false],
    ["TimeoutError", new TimeoutError("late"), false],
    ["plain Error", new Error("server_overloaded"), false],
    ["a string", "server_overloaded", false],
    ["undefined", undefined, false],
  ])("%s → %s", (_name, error, expected) => {
    expect(isRetryableError(error)).toBe(expected);
  });
});

describe("error classes", () => {
  it("carry stable codes and context", () => {
    expect(new CodexError("x").code).toBe("codex_error");
    expect(new InvalidInputError("x").code).toBe("invalid_input");
    expect(new AbortError().code).toBe("aborted");
    expect(new TimeoutError("x").code).toBe("timeout");
    const closed = new TransportClosedError("gone", { stderrTail: "line1\nline2" });
    expect(closed.code).toBe("transport_closed");
    expect(closed.stderrTail).toBe("line1\nline2");
    expect(closed.message).toBe("gone\n--- stderr tail ---\nline1\nline2");
    expect(new TransportClosedError().message).toBe("The connection to codex app-server is closed");
    const cause = new Error("root");
    expect(new AbortError("stop", { cause }).cause).toBe(cause);
    expect(new CodexError("x").cause).toBeUndefined();
    const malformed = new MalformedMessageError("{bad", "invalid JSON");
    expect(malformed.name).toBe("MalformedMessageError");
    expect(malformed.message).toBe("Malformed message from codex app-server (invalid JSON): {bad");
  });
});
