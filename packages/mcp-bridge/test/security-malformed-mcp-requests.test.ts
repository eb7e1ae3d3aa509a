import { descendants, type JsonRpcLine, waitUntilGone } from "@codexkit/test-support";
import { Reply, scaledTimeout } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { RawBridge } from "./security-raw-stdio.js";
import { closeAll, startBackend } from "./support/bridge.js";

afterEach(closeAll);

/** Lines that are not JSON-RPC requests at all. */
const GARBAGE: Array<string | Buffer> = [
  "not json",
  "{",
  "[]",
  "[1,2]",
  "42",
  "null",
  '"a string"',
  "{}",
  '{"jsonrpc":"2.0"}',
  '{"jsonrpc":"2.0","id":1}',
  '{"jsonrpc":"2.0","method":5}',
  '{"jsonrpc":"1.0","id":2,"method":"tools/list"}',
  '{"jsonrpc":"2.0","id":{"nested":1},"method":"tools/list"}',
  '{"jsonrpc":"2.0","id":3,"method":"tools/list","params":"oops"}',
  Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
  "\u0000\u0001\u0002",
  `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"codex_run","arguments":{"prompt":"${"a".repeat(1024 * 1024)}`,
];

/** Requests with a valid envelope and malformed content: each must get an answer, none may start a run. */
const MALFORMED_CALLS: Array<[string, unknown]> = [
  ["tools/call", {}],
  ["tools/call", { name: 5 }],
  ["tools/call", { name: "codex_run", arguments: "a string" }],
  ["tools/call", { name: "codex_run", arguments: { prompt: { nested: true } } }],
  ["tools/call", { name: "codex_run", arguments: { prompt: "hi", cwd: { path: "/" } } }],
  ["tools/call", { name: "codex_run", arguments: { prompt: "hi", outputSchema: "not a schema" } }],
  ["tools/call", { name: "codex_run", arguments: { prompt: "hi", threadId: "../../etc/passwd" } }],
  ["tools/call", { name: "codex_list_threads", arguments: { limit: "many" } }],
  ["tools/call", { name: "codex_read_thread", arguments: { threadId: 42 } }],
  ["tools/call", { name: "no_such_tool", arguments: {} }],
  ["tools/frobnicate", {}],
  ["resources/list", {}],
];

/** The bridge's tools, sorted. */
const TOOLS = [
  "codex_interrupt",
  "codex_list_threads",
  "codex_read_thread",
  "codex_review",
  "codex_run",
  "codex_wait",
];

/** The sorted tool names of a tools/list answer. */
const toolNames = (answer: JsonRpcLine) =>
  ((answer.result?.tools ?? []) as Array<{ name: string }>).map((tool) => tool.name).sort();

describe("security: malformed MCP traffic does not crash the bridge", () => {
  test("garbage lines, invalid JSON-RPC shapes and malformed tool calls are skipped or answered with errors; the bridge keeps serving, then exits cleanly", async () => {
    const backend = await startBackend([Reply.message("still serving")]);
    const bridge = new RawBridge(backend);
    // a request before the handshake is answered (the SDK serves it), not left hanging
    const beforeHandshake = await bridge.request("tools/list", {});
    expect(toolNames(beforeHandshake)).toEqual(TOOLS);
    await bridge.initialize();

    for (const line of GARBAGE) {
      bridge.write(line);
      bridge.write("\n");
    }
    bridge.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: { x: 1 } } });
    bridge.send({ jsonrpc: "2.0", method: "notifications/progress", params: {} });
    bridge.send({ jsonrpc: "2.0", method: "notifications/no-such-thing" });
    for (const [method, params] of MALFORMED_CALLS) {
      const answer = await bridge.request(method, params);
      const failed = answer.error !== undefined || answer.result?.isError === true;
      expect(failed, `${method} ${JSON.stringify(params)} → ${JSON.stringify(answer)}`).toBe(true);
    }
    expect(bridge.child.exitCode).toBeNull();
    expect(backend.model.requests).toHaveLength(0);

    expect(toolNames(await bridge.request("tools/list", {}))).toEqual(TOOLS);
    const run = await bridge.request(
      "tools/call",
      { name: "codex_run", arguments: { prompt: "are you ok?" } },
      scaledTimeout(60_000),
    );
    expect(run.result?.structuredContent).toMatchObject({
      status: "completed",
      finalResponse: "still serving",
    });
    expect(bridge.junk).toEqual([]); // stdout carried nothing but protocol messages

    const tree = [bridge.child.pid!, ...descendants(bridge.child.pid!)];
    bridge.end();
    expect(await bridge.exited).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone(tree)).toEqual([]);
    expect(bridge.stderr).toMatch(/MCP message refused: /);
  });

  test("a line over the stdio transport's 10 MB limit: logged, running turns interrupted, clean exit instead of a bridge that lingers and serves nothing", async () => {
    const backend = await startBackend([Reply.stall()]);
    const bridge = new RawBridge(backend);
    await bridge.initialize();
    const call = bridge.request(
      "tools/call",
      { name: "codex_run", arguments: { prompt: "stall" } },
      scaledTimeout(60_000),
    );
    call.catch(() => {});
    await backend.model.waitForRequests(1, { timeoutMs: scaledTimeout(15_000) });
    const tree = [bridge.child.pid!, ...descendants(bridge.child.pid!)];

    bridge.write(
      `{"jsonrpc":"2.0","id":9,"method":"tools/list","params":{"pad":"${"a".repeat(11 * 1024 * 1024)}"}}\n`,
    );
    expect(await bridge.exited).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone(tree)).toEqual([]);
    expect(bridge.stderr).toMatch(/MCP message refused: ReadBuffer exceeded maximum size/);
    expect(bridge.stderr).toMatch(/shutting down \(the MCP transport closed\)/);
    expect(bridge.stderr).toMatch(/interrupting 1 running turn\(s\)/);
  });
});
