import { request } from "node:http";
import { waitUntilGone } from "@codexkit/test-support";
import { Reply } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { closeAll, connectHttp, spawnHttpBridge, startBackend, structured } from "./support/bridge.js";

afterEach(closeAll);

function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("--http", () => {
  test("serves the tools over streamable HTTP on 127.0.0.1, refuses foreign Host headers, and exits 0 on SIGTERM", async () => {
    const backend = await startBackend([Reply.message("over http")]);
    const { server, url, token } = await spawnHttpBridge(backend);

    const client = await connectHttp(url, token);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("codex_run");
    const result = await client.callTool({ name: "codex_run", arguments: { prompt: "hello over http" } });
    expect(structured(result as never)).toMatchObject({ status: "completed", finalResponse: "over http" });
    await client.close();

    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "evil", version: "1" } },
    });
    const headers = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: `Bearer ${token}`,
    };
    expect(await post(url, { ...headers, host: "evil.example:80" }, initialize)).toBe(403);
    expect(await post(url, { ...headers, origin: "http://evil.example" }, initialize)).toBe(403);

    const pid = server.child.pid!;
    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone([pid])).toEqual([]);
  });
});
