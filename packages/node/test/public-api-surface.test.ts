import { readFileSync } from "node:fs";
import * as core from "@codexkit/core";
import * as internal from "@codexkit/core/internal";
import * as api from "@codexkit/node";
import {
  type ApprovalRequest,
  Codex,
  type RunInput,
  type Thread,
  type ThreadStartOptions,
  type Tool,
  type ToolContext,
  type Toolset,
  type TurnHandle,
  type TurnOptions,
  type TurnResult,
  VERSION,
} from "@codexkit/node";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";

describe("public API surface", () => {
  it("exports exactly these runtime names", () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "AbortError",
        "AbstractTransport",
        "AppServerProcess",
        "ApprovalMode",
        "CODEX_BUILTIN_TOOL_NAMES",
        "ChatgptLoginHandle",
        "Codex",
        "CodexBinaryNotFoundError",
        "CodexClient",
        "CodexError",
        "CodexPool",
        "CodexPoolMember",
        "DEFAULT_TOOL_TIMEOUT_MS",
        "DeviceCodeLoginHandle",
        "GENERATED_FROM_CODEX_VERSION",
        "GoalTurnHandle",
        "InternalRpcError",
        "InvalidInputError",
        "InvalidParamsError",
        "InvalidRequestError",
        "JsonRpcError",
        "JsonlTransport",
        "MINIMUM_CODEX_VERSION",
        "MalformedMessageError",
        "MemoryTransport",
        "MethodNotFoundError",
        "NotLoggedInError",
        "OutputValidationError",
        "ParseError",
        "ProcessExitedError",
        "ProcessTransport",
        "RECONNECT_DEFAULTS",
        "RETRY_DEFAULTS",
        "RetryLimitExceededError",
        "Sandbox",
        "ServerBusyError",
        "StartupError",
        "Thread",
        "ThreadBusyError",
        "ThreadNotStoredError",
        "TimeoutError",
        "TransportClosedError",
        "TurnAbortedError",
        "TurnFailedError",
        "TurnHandle",
        "UnsupportedServerError",
        "VERSION",
        "WebSocketTransport",
        "acceptAll",
        "createLinkedTransports",
        "declineAll",
        "defaultAnswersOf",
        "finalResponseOf",
        "imageInput",
        "isRetryableError",
        "isTool",
        "isToolFailure",
        "isToolset",
        "isTurnReconnectedEvent",
        "localImageInput",
        "mentionInput",
        "redactSecrets",
        "resolveCodexBinary",
        "retryOnOverload",
        "skillInput",
        "textInput",
        "tool",
        "toolFailure",
        "toolset",
      ]
    `);
  });

  it("re-exports every error class of @codexkit/core (the same classes), and none of core's internals", () => {
    const errors = Object.entries(core).filter(
      ([, value]) => typeof value === "function" && value.prototype instanceof Error,
    );
    expect(errors.length).toBeGreaterThan(15);
    for (const [name, value] of errors) expect((api as Record<string, unknown>)[name]).toBe(value);
    expect(Object.keys(internal).filter((name) => name in api)).toEqual([]);
  });

  it("VERSION equals the package.json version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("a new Codex spawns nothing until first use, and a closed one refuses calls", async () => {
    const codex = new Codex();
    expect(codex.pid).toBeUndefined();
    expect(codex.isClosed).toBe(false);
    expect(() => codex.metadata).toThrow(api.StartupError);
    await codex.close();
    expect(codex.isClosed).toBe(true);
    await expect(codex.threadStart()).rejects.toBeInstanceOf(api.TransportClosedError);
  });

  it("has the signatures the docs promise (checked by tsc)", () => {
    // never called: the assertions are compile-time
    const signatures = async (codex: Codex, thread: Thread) => {
      expectTypeOf(thread.run).parameter(0).toEqualTypeOf<RunInput>();
      const result = await thread.run("x");
      expectTypeOf(result.finalResponse).toEqualTypeOf<string | undefined>();
      expectTypeOf(result.output).toEqualTypeOf<undefined>();
      expectTypeOf(result.status).toEqualTypeOf<"completed" | "interrupted" | "failed" | "inProgress">();
      const handle = await thread.turn("x", { signal: AbortSignal.timeout(1) });
      expectTypeOf(handle).toExtend<TurnHandle>();
      expectTypeOf(handle.run).returns.resolves.toExtend<TurnResult>();
      expectTypeOf<TurnOptions["signal"]>().toEqualTypeOf<AbortSignal | undefined>();
      expectTypeOf<ApprovalRequest["kind"]>().toEqualTypeOf<
        "commandExecution" | "fileChange" | "permissions"
      >();
      expectTypeOf(codex).toExtend<AsyncDisposable>();
      expectTypeOf(codex.threadStart).returns.resolves.toEqualTypeOf<Thread>();
      expectTypeOf(codex.metadata.serverInfo).toEqualTypeOf<api.ServerInfo>();
      expectTypeOf(result.serverRequests).toEqualTypeOf<api.ServerRequestEvent[]>();
      expectTypeOf(result.retries).toEqualTypeOf<api.TurnError[]>();
      expectTypeOf<api.CodexOptions["onWarning"]>().toEqualTypeOf<
        ((warning: api.CodexWarning) => void) | undefined
      >();
      expectTypeOf(thread.runGoal).parameter(1).toEqualTypeOf<api.GoalOptions | undefined>();
      // custom tools: execute's arguments are typed from a zod schema; a plain JSON Schema gives an object
      const typed = api.tool({
        name: "t",
        description: "d",
        parameters: z.object({ city: z.string(), days: z.number().optional() }),
        execute: (args, context) => {
          expectTypeOf(args).toEqualTypeOf<{ city: string; days?: number | undefined }>();
          expectTypeOf(context).toEqualTypeOf<ToolContext>();
          return args.city;
        },
      });
      expectTypeOf(typed).toEqualTypeOf<Tool<{ city: string; days?: number | undefined }>>();
      api.tool({
        name: "p",
        description: "d",
        parameters: { type: "object" },
        execute: (args) => {
          expectTypeOf(args).toEqualTypeOf<Record<string, unknown>>();
          return api.toolFailure("no");
        },
      });
      expectTypeOf(api.toolset({ name: "ns", description: "d", tools: [typed] })).toEqualTypeOf<Toolset>();
      expectTypeOf<ToolContext["signal"]>().toEqualTypeOf<AbortSignal>();
      expectTypeOf<NonNullable<ThreadStartOptions["tools"]>[number]>().toEqualTypeOf<Tool | Toolset>();
    };
    expect(typeof signatures).toBe("function");
  });
});
