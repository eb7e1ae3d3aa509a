import { waitFor } from "@codexkit/test-support";
import { createCodexHome, Reply, ScriptedModel, scaledTimeout } from "@codexkit/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, test } from "vitest";
import { CodexBridge, createBridgeServer } from "../src/index.js";
import { closeAll, startBackend, startBridge, structured, textOf } from "./support/bridge.js";

afterEach(closeAll);

describe("security: a bridge shows only the threads it created", () => {
  test("threads already in CODEX_HOME (here: from an earlier bridge process) are invisible by default", async () => {
    const backend = await startBackend([Reply.message("earlier secret answer")]);
    const earlier = await startBridge({ backend });
    const { threadId } = structured<{ threadId: string }>(
      await earlier.call("codex_run", { prompt: "my own Codex history" }),
    );
    await earlier.close();

    const bridge = await startBridge({ backend });
    const listed = structured<{ threads: unknown[] }>(await bridge.call("codex_list_threads", {}));
    expect(listed.threads).toEqual([]);
    const read = await bridge.call("codex_read_thread", { threadId });
    expect(read.isError).toBe(true);
    expect(textOf(read)).toMatch(/unknown threadId/);
    expect(textOf(read)).not.toContain("secret");
    const cont = await bridge.call("codex_run", { prompt: "continue it", threadId });
    expect(cont.isError).toBe(true);
    expect(textOf(cont)).toMatch(/unknown threadId/);
    expect(backend.model.requests).toHaveLength(1);
  });
});

describe("limits: runs in flight per session and in total", () => {
  test("a run over --max-runs-per-session is refused at once with a clear tool error, not queued", async () => {
    const bridge = await startBridge({
      script: [Reply.stall(), Reply.message("after the limit")],
      args: ["--max-runs-per-session", "1"],
    });
    const controller = new AbortController();
    const first = bridge
      .call("codex_run", { prompt: "long" }, { signal: controller.signal })
      .catch(() => undefined);
    await bridge.model.waitForRequests(1, { timeoutMs: scaledTimeout(15_000) });
    const refused = await bridge.call("codex_run", { prompt: "one more" });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /codex_run: this MCP session already runs its maximum of 1 turn\(s\) at once \(--max-runs-per-session\)/,
    );
    expect(bridge.model.requests).toHaveLength(1);
    controller.abort();
    await first;
    // The slot is free again once the first run has ended.
    const next = await waitFor(async () => {
      const answer = await bridge.call("codex_run", { prompt: "now" });
      return answer.isError && /--max-runs-per-session/.test(textOf(answer)) ? undefined : answer;
    }, "the session's run slot to be free");
    expect(structured(next)).toMatchObject({ finalResponse: "after the limit" });
  });

  test("a run over maxRuns (all sessions together) is refused for a session that runs nothing itself", async () => {
    await using model = await ScriptedModel.start({ script: [Reply.stall()] });
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    await using bridge = new CodexBridge({
      policy: { allowedRoots: [home.workspace] },
      codexOptions: { codexHome: home.path, env: { ...home.env, RUST_LOG: "warn" } },
      maxRuns: 1,
      interruptGraceMs: 2_000,
    });
    const connect = async () => {
      const server = createBridgeServer(bridge);
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client = new Client({ name: "limits", version: "1.0.0" });
      await client.connect(clientSide);
      return client;
    };
    const one = await connect();
    const two = await connect();
    const running = one.callTool({ name: "codex_run", arguments: { prompt: "long" } }).catch(() => undefined);
    await model.waitForRequests(1, { timeoutMs: scaledTimeout(15_000) });
    const refused = (await two.callTool({
      name: "codex_run",
      arguments: { prompt: "mine" },
    })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /the bridge already runs its maximum of 1 turn\(s\) at once \(--max-runs\)/,
    );
    expect(bridge.activeRuns).toBe(1);
    await one.close(); // closing a session interrupts its runs
    await running;
    await two.close();
  });
});
