import { createCodexHome, Reply, ScriptedModel } from "@codexkit/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, test } from "vitest";
import { CodexBridge, createBridgeServer, type RunResult } from "../src/index.js";
import { closeAll, startBridge, structured, textOf } from "./support/bridge.js";

afterEach(closeAll);

/** The client gives every tool call this long; the runs below take longer. */
const CLIENT_TIMEOUT_MS = 1500;

describe("long runs: codex_run wait: false, codex_wait, codex_interrupt", () => {
  test("a run longer than the client's tool timeout: codex_run returns at once, codex_wait polls until the result, with progress", async () => {
    const bridge = await startBridge({
      script: [
        Reply.execCommand("echo working", { delayMs: 1000 }),
        Reply.message("finished late", { delayMs: 1000 }),
      ],
    });
    await bridge.call("codex_list_threads", {}); // starts the app-server, so the timed calls need no start-up
    const began = Date.now();
    const started = structured<RunResult>(
      await bridge.call("codex_run", { prompt: "a long task", wait: false }, { timeout: CLIENT_TIMEOUT_MS }),
    );
    expect(started).toMatchObject({ status: "running", finalResponse: null });
    expect(started.turnId).toBeTruthy();
    expect(started.threadId).toBeTruthy();

    const progress: string[] = [];
    let result = started;
    let polls = 0;
    while (result.status === "running") {
      polls++;
      result = structured<RunResult>(
        await bridge.call(
          "codex_wait",
          { turnId: started.turnId, timeoutSeconds: 0.5 },
          { timeout: CLIENT_TIMEOUT_MS, onprogress: (p) => progress.push(p.message ?? "") },
        ),
      );
      if (result.status === "running") expect(result.progress?.elapsedMs).toBeGreaterThan(0);
    }
    expect(Date.now() - began).toBeGreaterThan(CLIENT_TIMEOUT_MS);
    expect(polls).toBeGreaterThan(1);
    expect(result).toMatchObject({
      threadId: started.threadId,
      turnId: started.turnId,
      status: "completed",
      finalResponse: "finished late",
      actions: { commands: [{ command: "echo working", status: "completed" }] },
    });
    expect(progress).toContain("running: echo working");
    // The result stays available for a while: a second wait gets it at once.
    const again = structured<RunResult>(await bridge.call("codex_wait", { turnId: started.turnId }));
    expect(again.finalResponse).toBe("finished late");
  });

  test("codex_interrupt stops a wait: false run; the thread stays usable", async () => {
    const bridge = await startBridge({ script: [Reply.stall(), Reply.message("next turn")] });
    const started = structured<RunResult>(
      await bridge.call("codex_run", { prompt: "never ends", wait: false }),
    );
    await bridge.model.waitForRequests(1, { timeoutMs: 15_000 });
    const stopped = structured<RunResult>(await bridge.call("codex_interrupt", { turnId: started.turnId }));
    expect(stopped).toMatchObject({ turnId: started.turnId, status: "interrupted" });
    expect(stopped.error).toMatch(/codex_interrupt was called/);
    const next = structured<RunResult>(
      await bridge.call("codex_run", { prompt: "go on", threadId: started.threadId }),
    );
    expect(next.finalResponse).toBe("next turn");
  });

  test("a turn id is only known to the session that started the run; unknown ids are refused", async () => {
    await using model = await ScriptedModel.start({ script: [Reply.message("mine", { delayMs: 300 })] });
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    await using bridge = new CodexBridge({
      policy: { allowedRoots: [home.workspace] },
      codexOptions: { codexHome: home.path, env: { ...home.env, RUST_LOG: "warn" } },
    });
    const connect = async () => {
      const server = createBridgeServer(bridge);
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client = new Client({ name: "long-runs", version: "1.0.0" });
      await client.connect(clientSide);
      return client;
    };
    const owner = await connect();
    const other = await connect();
    const call = async (client: Client, name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult;
    const { turnId } = structured<RunResult>(await call(owner, "codex_run", { prompt: "p", wait: false }));
    for (const name of ["codex_wait", "codex_interrupt"]) {
      const refused = await call(other, name, { turnId });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/unknown turnId .*not a wait: false run of this MCP session/);
    }
    const unknown = await call(owner, "codex_wait", { turnId: "no-such-turn" });
    expect(textOf(unknown)).toMatch(/unknown turnId "no-such-turn"/);
    expect(
      structured<RunResult>(await call(owner, "codex_wait", { turnId, timeoutSeconds: 20 })),
    ).toMatchObject({
      status: "completed",
      finalResponse: "mine",
    });
    await owner.close();
    await other.close();
  });
});
