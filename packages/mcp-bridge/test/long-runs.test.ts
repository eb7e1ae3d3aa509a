import { gate, heldCommand } from "@codexkit/test-support";
import { createCodexHome, Reply, ScriptedModel, scaledTimeout } from "@codexkit/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, test } from "vitest";
import { CodexBridge, createBridgeServer, type RunResult } from "../src/index.js";
import { closeAll, startBackend, startBridge, structured, textOf } from "./support/bridge.js";

afterEach(closeAll);

describe("long runs: codex_run wait: false, codex_wait, codex_interrupt", () => {
  test("a wait: false run: codex_run returns at once, codex_wait returns running until the result, and forwards the run's progress while it waits", async () => {
    const backend = await startBackend();
    const bridge = await startBridge({ backend });
    // The run cannot end before the test lets it: its first reply waits for `modelReady`, and the command
    // in it runs until the test has seen it running.
    const modelReady = gate();
    const command = heldCommand(backend.home.workspace);
    backend.model.enqueue(
      Reply.dynamic(async () => {
        await modelReady.opened;
        return Reply.execCommand(command.command);
      }),
      Reply.message("finished late"),
    );
    await bridge.call("codex_list_threads", {}); // starts the app-server
    const started = structured<RunResult>(
      await bridge.call("codex_run", { prompt: "a long task", wait: false }),
    );
    expect(started).toMatchObject({ status: "running", finalResponse: null });
    expect(started.turnId).toBeTruthy();
    expect(started.threadId).toBeTruthy();

    // codex_wait gives up after its timeoutSeconds and says where the run stands
    const stillRunning = structured<RunResult>(
      await bridge.call("codex_wait", { turnId: started.turnId, timeoutSeconds: 0.2 }),
    );
    expect(stillRunning).toMatchObject({ turnId: started.turnId, status: "running", finalResponse: null });
    expect(stillRunning.progress?.elapsedMs).toBeGreaterThan(0);

    // A wait that follows the run while the command starts gets its progress.
    const progress: string[] = [];
    const running = `running: ${command.command}`;
    const seenRunning = gate();
    const waited = bridge.call(
      "codex_wait",
      { turnId: started.turnId, timeoutSeconds: Math.min(600, scaledTimeout(60_000) / 1000) },
      {
        timeout: scaledTimeout(90_000),
        onprogress: (p) => {
          progress.push(p.message ?? "");
          if (p.message === running) seenRunning.open();
        },
      },
    );
    // The bridge starts handling a session's requests in the order they arrive, and answers this one only
    // after a round trip to the app-server: once it is answered, the wait above is following the run.
    await bridge.call("codex_list_threads", {});
    modelReady.open();
    await seenRunning.opened;
    await command.release();
    const result = structured<RunResult>(await waited);
    expect(result).toMatchObject({
      threadId: started.threadId,
      turnId: started.turnId,
      status: "completed",
      finalResponse: "finished late",
      actions: { commands: [{ command: command.command, status: "completed" }] },
    });
    expect(progress).toContain(running);
    // The result stays available for a while: a second wait gets it at once.
    const again = structured<RunResult>(await bridge.call("codex_wait", { turnId: started.turnId }));
    expect(again.finalResponse).toBe("finished late");
  });

  test("codex_interrupt stops a wait: false run; the thread stays usable", async () => {
    const bridge = await startBridge({ script: [Reply.stall(), Reply.message("next turn")] });
    const started = structured<RunResult>(
      await bridge.call("codex_run", { prompt: "never ends", wait: false }),
    );
    await bridge.model.waitForRequests(1, { timeoutMs: scaledTimeout(15_000) });
    const stopped = structured<RunResult>(await bridge.call("codex_interrupt", { turnId: started.turnId }));
    expect(stopped).toMatchObject({ turnId: started.turnId, status: "interrupted" });
    expect(stopped.error).toMatch(/codex_interrupt was called/);
    const next = structured<RunResult>(
      await bridge.call("codex_run", { prompt: "go on", threadId: started.threadId }),
    );
    expect(next.finalResponse).toBe("next turn");
  });

  test("a turn id is only known to the session that started the run; unknown ids are refused", async () => {
    await using model = await ScriptedModel.start({ script: [Reply.message("mine")] });
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
      structured<RunResult>(
        await call(owner, "codex_wait", {
          turnId,
          timeoutSeconds: Math.min(600, scaledTimeout(20_000) / 1000),
        }),
      ),
    ).toMatchObject({
      status: "completed",
      finalResponse: "mine",
    });
    await owner.close();
    await other.close();
  });
});
