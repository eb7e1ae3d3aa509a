import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Reply } from "@codexkit/testing";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, test } from "vitest";
import type { RunResult } from "../src/index.js";
import {
  closeAll,
  connectHttp,
  spawnHttpBridge,
  startBackend,
  structured,
  textOf,
} from "./support/bridge.js";
import type { ChildTransport } from "./support/child-transport.js";
import { connectModernHttp, MODERN, type ModernClient, structuredOf } from "./support/modern-client.js";

const clients: Array<{ close(): Promise<void> }> = [];
const servers: ChildTransport[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close().catch(() => {});
  for (const server of servers.splice(0)) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  await closeAll();
});

async function modern(url: string, token: string | undefined, options = {}): Promise<ModernClient> {
  const client = await connectModernHttp(url, token, options);
  clients.push(client.client);
  return client;
}

describe("protocol revision 2026-07-28 over streamable HTTP (MCP SDK v2 client)", () => {
  test("one endpoint serves 2026-07-28 and 2025-era clients; both need the bearer token", async () => {
    const backend = await startBackend([Reply.message("modern answer"), Reply.message("legacy answer")]);
    const { server, url, token } = await spawnHttpBridge(backend);
    servers.push(server);

    for (const wrong of [undefined, "wrong-token-0123456789abcdef"])
      await expect(connectModernHttp(url, wrong)).rejects.toThrow(/401|[Uu]nauthori[sz]ed/);
    expect(backend.model.allRequests).toHaveLength(0);

    const client = await modern(url, token);
    expect(client.client.getNegotiatedProtocolVersion()).toBe(MODERN);
    const { tools } = await client.client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("codex_run");
    const result = structuredOf<RunResult>(
      await client.call("codex_run", { prompt: "hello over http" }, { onprogress: () => {} }),
    );
    expect(result).toMatchObject({ status: "completed", finalResponse: "modern answer" });
    expect(client.progress().map((p) => p.message)).toContain("turn started");

    const legacy = await connectHttp(url, token);
    clients.push(legacy);
    expect((legacy.transport as StreamableHTTPClientTransport).protocolVersion).toBe("2025-11-25");
    const answer = structured<RunResult>(
      (await legacy.callTool({ name: "codex_run", arguments: { prompt: "hello, 2025" } })) as never,
    );
    expect(answer.finalResponse).toBe("legacy answer");
    expect(server.stderr.split(token!).length - 1).toBe(1);
  });

  test("a 2026-07-28 client has no MCP session: its scope is its token (other tokens and 2025 sessions see nothing)", async () => {
    const backend = await startBackend([Reply.message("alice's private answer"), Reply.message("continued")]);
    const dir = await mkdtemp(join(tmpdir(), "codexkit-mcp-tokens-"));
    dirs.push(dir);
    const alice = "alice-token-0123456789abcdef";
    const bob = "bob-token-0123456789abcdef";
    await writeFile(join(dir, "tokens"), `${alice}\n${bob}\n`);
    const { server, url } = await spawnHttpBridge(backend, {
      args: ["--http-token-file", join(dir, "tokens")],
    });
    servers.push(server);

    const first = await modern(url, alice);
    const { threadId } = structuredOf<RunResult>(await first.call("codex_run", { prompt: "A: private" }));

    const stranger = await modern(url, bob);
    expect(
      structuredOf<{ threads: unknown[] }>(await stranger.call("codex_list_threads", {})).threads,
    ).toEqual([]);
    const read = await stranger.call("codex_read_thread", { threadId });
    expect(read.isError).toBe(true);
    expect(JSON.stringify(read.content)).toMatch(/unknown threadId/);

    const legacySession = await connectHttp(url, alice);
    clients.push(legacySession);
    const listed = structured<{ threads: unknown[] }>(
      (await legacySession.callTool({ name: "codex_list_threads", arguments: {} })) as never,
    );
    expect(listed.threads).toEqual([]);
    const refused = await legacySession.callTool({ name: "codex_read_thread", arguments: { threadId } });
    expect(textOf(refused as never)).toMatch(/unknown threadId/);

    // Every request is served on its own, yet the same token continues the thread.
    const again = await modern(url, alice);
    const threads = structuredOf<{ threads: Array<{ threadId: string }> }>(
      await again.call("codex_list_threads", {}),
    ).threads;
    expect(threads.map((thread) => thread.threadId)).toEqual([threadId]);
    const next = structuredOf<RunResult>(await again.call("codex_run", { prompt: "go on", threadId }));
    expect(next.finalResponse).toBe("continued");
    expect(backend.model.requests).toHaveLength(2);
  });

  test("an approval question goes back as input_required and the answer arrives in the next HTTP request", async () => {
    const backend = await startBackend([
      Reply.execCommand("touch approved.txt", {
        sandboxPermissions: "require_escalated",
        justification: "needed",
      }),
      Reply.message("done"),
    ]);
    const { server, url, token } = await spawnHttpBridge(backend);
    servers.push(server);
    const client = await modern(url, token, {
      onElicit: () => ({ action: "accept", content: { decision: "accept" } }),
    });
    const result = structuredOf<RunResult>(await client.call("codex_run", { prompt: "create approved.txt" }));
    expect(client.elicitations.map((params) => params.message.split("\n")[0])).toEqual([
      "Codex asks for approval to run `touch approved.txt`.",
    ]);
    expect(result.approvals).toMatchObject([{ decision: "accept", decidedBy: "client" }]);
    expect(existsSync(join(backend.home.workspace, "approved.txt"))).toBe(true);
  });

  test("aborting a 2026-07-28 call (its response stream closes) interrupts the turn", async () => {
    const backend = await startBackend([Reply.stall()]);
    const { server, url, token } = await spawnHttpBridge(backend, { args: ["--log-level", "debug"] });
    servers.push(server);
    const client = await modern(url, token);
    const controller = new AbortController();
    const call = client.call(
      "codex_run",
      { prompt: "never finishes" },
      { signal: controller.signal, onprogress: () => {} },
    );
    await backend.model.waitForRequests(1, { timeoutMs: 20_000 });
    controller.abort();
    await expect(call).rejects.toThrow();
    for (let i = 0; i < 200 && !/run finished: thread \S+, interrupted/.test(server.stderr); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.stderr).toMatch(/run finished: thread \S+, interrupted/);
  });
});
