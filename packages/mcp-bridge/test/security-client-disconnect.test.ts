import { type IncomingMessage, request } from "node:http";
import { Codex } from "@codexkit/node";
import { descendants, waitFor, waitUntilGone } from "@codexkit/test-support";
import { Reply, scaledTimeout } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { RawBridge } from "./security-raw-stdio.js";
import { type Backend, closeAll, spawnHttpBridge, startBackend } from "./support/bridge.js";

afterEach(closeAll);

/** The status of every turn of every thread in the backend's CODEX_HOME, read by a fresh client. */
async function turnStatuses(backend: { home: { path: string; env: Readonly<Record<string, string>> } }) {
  await using codex = new Codex({ codexHome: backend.home.path, env: { ...backend.home.env } });
  const { data } = await codex.threadList();
  const statuses: string[] = [];
  for (const thread of data) {
    const read = await codex.request("thread/read", { threadId: thread.id, includeTurns: true });
    statuses.push(...read.thread.turns.map((turn) => turn.status));
  }
  return statuses;
}

const HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

/** One POST to the bridge's /mcp endpoint; resolves once the response headers arrived. */
function post(url: string, headers: Record<string, string>, body: unknown) {
  return new Promise<{ response: IncomingMessage; abort: () => void }>((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { ...HEADERS, ...headers } }, (response) =>
      resolve({ response, abort: () => req.destroy() }),
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

/** Opens an MCP session over HTTP (initialize + initialized); returns its headers. */
async function openSession(url: string, token: string): Promise<Record<string, string>> {
  const auth = { authorization: `Bearer ${token}` };
  const initialize = await post(url, auth, {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "disconnecting", version: "1" },
    },
  });
  initialize.response.resume();
  const session = {
    ...auth,
    "mcp-session-id": String(initialize.response.headers["mcp-session-id"]),
    "mcp-protocol-version": "2025-06-18",
  };
  (await post(url, session, { jsonrpc: "2.0", method: "notifications/initialized" })).response.resume();
  return session;
}

/** The bridge in --http mode on an ephemeral port, and one session on it. */
async function httpBridge(backend: Backend) {
  const { server, url, token } = await spawnHttpBridge(backend);
  return { server, url, token: token!, session: await openSession(url, token!) };
}

const runCall = (id: number, prompt: string) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name: "codex_run", arguments: { prompt } },
});

describe("security: a client that disconnects without cancelling has its turns interrupted", () => {
  test("stdio: the client dies mid-call (both pipes closed at once): the turn is interrupted, the bridge exits 0, nothing is left running", async () => {
    const backend = await startBackend([Reply.stall()]);
    const bridge = new RawBridge(backend);
    await bridge.initialize();
    bridge.request("tools/call", { name: "codex_run", arguments: { prompt: "long task" } }).catch(() => {});
    await backend.model.waitForRequests(1, { timeoutMs: scaledTimeout(15_000) });
    const tree = [bridge.child.pid!, ...descendants(bridge.child.pid!)];

    bridge.dropConnection();
    expect(await bridge.exited).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone(tree)).toEqual([]);
    expect(bridge.stderr).toMatch(/interrupting 1 running turn\(s\)/);
    expect(bridge.stderr).toMatch(/run finished: thread \S+, interrupted/);
    expect(await turnStatuses(backend)).toEqual(["interrupted"]);
  });

  test("HTTP: the client drops the connection of a running call (no cancel, no DELETE): its turn is interrupted; other sessions keep working", async () => {
    const backend = await startBackend([Reply.stall(), Reply.message("other session")]);
    const { server, url, token, session } = await httpBridge(backend);
    const call = await post(url, session, runCall(2, "long task"));
    await backend.model.waitForRequests(1, { timeoutMs: scaledTimeout(15_000) });
    call.abort();
    await waitFor(
      () => (/run finished: thread \S+, interrupted/.test(server.stderr) ? true : undefined),
      "the interrupt",
    );
    expect(await turnStatuses(backend)).toEqual(["interrupted"]);

    const other = await openSession(url, token);
    const answer = await post(url, other, runCall(3, "still there?"));
    let body = "";
    for await (const chunk of answer.response) body += String(chunk);
    expect(body).toContain("other session");
    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  test("HTTP: the client deletes its session while a call runs: the turn is interrupted", async () => {
    const backend = await startBackend([Reply.stall()]);
    const { server, url, session } = await httpBridge(backend);
    const call = await post(url, session, runCall(2, "long task"));
    call.response.resume();
    await backend.model.waitForRequests(1, { timeoutMs: scaledTimeout(15_000) });
    await new Promise<void>((resolve, reject) => {
      const req = request(url, { method: "DELETE", headers: session }, (response) => {
        response.resume();
        resolve();
      });
      req.on("error", reject);
      req.end();
    });
    await waitFor(
      () => (/run finished: thread \S+, interrupted/.test(server.stderr) ? true : undefined),
      "the interrupt",
    );
    expect(await turnStatuses(backend)).toEqual(["interrupted"]);
    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
