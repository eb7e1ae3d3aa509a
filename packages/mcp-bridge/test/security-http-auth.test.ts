import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { type IncomingHttpHeaders, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Reply } from "@codexkit/testing";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, test } from "vitest";
import {
  closeAll,
  connectHttp,
  spawnHttpBridge,
  startBackend,
  structured,
  textOf,
} from "./support/bridge.js";

afterEach(closeAll);

const JSON_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

/** A raw POST; resolves with the status, headers and body. */
function post(
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { ...JSON_HEADERS, ...headers } }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};
const runCall = (prompt: string) => ({
  jsonrpc: "2.0",
  id: 7,
  method: "tools/call",
  params: { name: "codex_run", arguments: { prompt } },
});

describe("security: --http requires a bearer token", () => {
  test("without a (valid) token every request gets 401 before any MCP processing; the generated token is printed once and never logged", async () => {
    const backend = await startBackend([Reply.message("authorised answer")]);
    const { server, url, token } = await spawnHttpBridge(backend, { args: ["--log-level", "debug"] });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const client = await connectHttp(url, token);
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;
    expect(sessionId).toBeTruthy();
    for (const authorization of [
      undefined,
      "Bearer wrong-token-0123456789",
      `Basic ${token}`,
      `Bearer ${token}x`,
    ]) {
      const headers: Record<string, string> = { "mcp-session-id": sessionId };
      if (authorization) headers.authorization = authorization;
      const denied = await post(url, headers, runCall("sneaky"));
      expect(denied.status).toBe(401);
      expect(denied.headers["www-authenticate"]).toMatch(/^Bearer/);
      expect(denied.body).not.toContain(token);
    }
    expect((await post(url, {}, initialize)).status).toBe(401);
    expect((await post(url.replace("/mcp", "/elsewhere"), {}, initialize)).status).toBe(401);
    // Nothing reached codex: no app-server was asked for anything.
    expect(backend.model.requests).toHaveLength(0);

    const result = (await client.callTool({
      name: "codex_run",
      arguments: { prompt: "hello" },
    })) as CallToolResult;
    expect(structured(result)).toMatchObject({ finalResponse: "authorised answer" });
    await client.close();
    expect(server.stderr.split(token!).length - 1).toBe(1);
    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  test("--http-insecure-no-auth serves without a token and says so loudly", async () => {
    const backend = await startBackend();
    const { server, url, token } = await spawnHttpBridge(backend, { args: ["--http-insecure-no-auth"] });
    expect(token).toBeUndefined();
    expect(server.stderr).toMatch(
      /WARNING: --http-insecure-no-auth: the HTTP endpoint has NO authentication/,
    );
    const client = await connectHttp(url, undefined);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});

describe("security: HTTP sessions are isolated from each other", () => {
  test("another session (same or other caller) cannot list, read or continue a thread; a session id is bound to its caller", async () => {
    const backend = await startBackend([Reply.message("A's private answer")]);
    const dir = await mkdtemp(join(tmpdir(), "codexkit-mcp-tokens-"));
    const alice = "alice-token-0123456789abcdef";
    const bob = "bob-token-0123456789abcdef";
    try {
      await writeFile(join(dir, "tokens"), `${alice}\n${bob}\n`);
      const { server, url } = await spawnHttpBridge(backend, {
        args: ["--http-token-file", join(dir, "tokens")],
      });

      const a = await connectHttp(url, alice);
      const run = (await a.callTool({
        name: "codex_run",
        arguments: { prompt: "A: my private prompt" },
      })) as CallToolResult;
      const { threadId } = structured<{ threadId: string }>(run);
      const ownList = structured<{ threads: Array<{ threadId: string }> }>(
        (await a.callTool({ name: "codex_list_threads", arguments: {} })) as CallToolResult,
      );
      expect(ownList.threads.map((thread) => thread.threadId)).toEqual([threadId]);

      for (const [who, token] of [
        ["bob", bob],
        ["alice's second session", alice],
      ] as const) {
        const other = await connectHttp(url, token);
        const call = async (name: string, args: Record<string, unknown>) =>
          (await other.callTool({ name, arguments: args })) as CallToolResult;
        const list = structured<{ threads: unknown[] }>(await call("codex_list_threads", {}));
        expect(list.threads, who).toEqual([]);
        const read = await call("codex_read_thread", { threadId });
        expect(read.isError, who).toBe(true);
        expect(textOf(read)).toMatch(/unknown threadId .*not visible to this MCP session/);
        expect(textOf(read)).not.toContain("private");
        const cont = await call("codex_run", { prompt: "B: tell me A's answer", threadId });
        expect(cont.isError, who).toBe(true);
        expect(textOf(cont)).toMatch(/unknown threadId/);
        await other.close();
      }
      expect(backend.model.requests).toHaveLength(1);

      // Alice's session id with Bob's token, and an id nobody was given: refused as unknown.
      const sessionId = (a.transport as StreamableHTTPClientTransport).sessionId!;
      const list = { jsonrpc: "2.0", id: 3, method: "tools/list" };
      const headers = { "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" };
      expect((await post(url, { ...headers, authorization: `Bearer ${bob}` }, list)).status).toBe(404);
      const unknown = { ...headers, "mcp-session-id": "00000000-0000-4000-8000-000000000000" };
      expect((await post(url, { ...unknown, authorization: `Bearer ${alice}` }, list)).status).toBe(404);
      expect((await post(url, { ...headers, authorization: `Bearer ${alice}` }, list)).status).toBe(200);
      await a.close();
      server.child.kill("SIGTERM");
      expect(await server.exited).toEqual({ code: 0, signal: null });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
