import { createCodexHome, Reply, ScriptedModel } from "@codexkit/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { describe, expect, test } from "vitest";
import { CodexBridge, createBridgeServer } from "../src/index.js";

describe("in-process use", () => {
  test("createBridgeServer over InMemoryTransport runs a turn; closing the bridge stops its app-server", async () => {
    await using model = await ScriptedModel.start({ script: [Reply.message("in-process answer")] });
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    const bridge = new CodexBridge({
      policy: { allowedRoots: [home.workspace], sandbox: "workspace-write" },
      codexOptions: { codexHome: home.path, env: { ...home.env, RUST_LOG: "warn" } },
    });
    const server = createBridgeServer(bridge);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "in-process", version: "1.0.0" });
    await client.connect(clientSide);

    const result = await client.callTool({ name: "codex_run", arguments: { prompt: "hi" } });
    expect(result.structuredContent).toMatchObject({
      status: "completed",
      finalResponse: "in-process answer",
      sandbox: "workspace-write",
    });
    const pid = bridge.appServerPid!;
    expect(pid).toBeGreaterThan(0);
    expect(bridge.activeRuns).toBe(0);

    await client.close();
    await bridge.close();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(() => bridge.codex()).toThrow(/shutting down/);
  });
});
