import { ApprovalMode, Codex } from "@codexkit/node";
import { commandLine, descendants, waitUntilGone } from "@codexkit/test-support";
import { createCodexHome, Reply, ScriptedModel, scaledTimeout } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { CLI, closeAll, startBackend } from "./support/bridge.js";

afterEach(closeAll);

describe("a real host: codex app-server runs the bridge as its MCP server", () => {
  test("the outer codex's model calls codex_run through the mcp__codexkit namespace tool; the inner run's answer comes back as the tool output", async () => {
    // The bridge's own backend: its app-server talks to this model.
    const inner = await startBackend([Reply.message("inner answer: 42")]);
    // The host: a codex whose model calls the bridge's codex_run, then answers with what it got.
    await using model = await ScriptedModel.start({
      script: [
        Reply.functionCall(
          "codex_run",
          { prompt: "inner task: compute the answer" },
          { namespace: "mcp__codexkit" },
        ),
        Reply.message("outer done"),
      ],
    });
    await using home = await createCodexHome({
      baseUrl: model.baseUrl,
      extraConfig: {
        mcp_servers: {
          codexkit: {
            command: process.execPath,
            args: [CLI, "--allow-root", inner.home.workspace, "--log-level", "warn"],
            cwd: inner.home.workspace,
            env: { ...inner.home.env, RUST_LOG: "warn" },
            startup_timeout_sec: Math.ceil(scaledTimeout(60_000) / 1000),
            tool_timeout_sec: Math.ceil(scaledTimeout(120_000) / 1000),
          },
        },
      },
    });
    await using codex = new Codex({ codexHome: home.path, env: { ...home.env, RUST_LOG: "warn" } });
    // Codex starts its MCP servers with the thread; a turn started before the bridge is ready lacks its tools.
    const bridgeReady = new Promise<string>((resolve) => {
      codex.onNotification((notification) => {
        if (notification.method !== "mcpServer/startupStatus/updated") return;
        if (notification.params.name === "codexkit" && notification.params.status !== "starting")
          resolve(notification.params.status);
      });
    });
    const thread = await codex.threadStart({ cwd: home.workspace, approvalMode: ApprovalMode.ask });
    expect(await bridgeReady).toBe("ready");
    const elicitations: string[] = [];
    const result = await thread.run("delegate to the bridge", {
      onElicitation: (params) => {
        elicitations.push(params.serverName);
        return { action: "accept", content: {}, _meta: null };
      },
    });

    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("outer done");
    expect(elicitations).toEqual(["codexkit"]);
    // The host offered the bridge's tools under the namespace tool, and got the inner run's result back.
    expect(model.toolNames(0)).toContain("mcp__codexkit");
    const output = JSON.stringify(model.functionCallOutputs(1));
    expect(output).toContain("inner answer: 42");
    expect(inner.model.requests).toHaveLength(1);
    const call = result.items.find((item) => item.type === "mcpToolCall");
    expect(call).toMatchObject({ server: "codexkit", tool: "codex_run", status: "completed" });

    // Closing the host stops the bridge and the bridge's own app-server: nothing is left running.
    const tree = descendants(codex.pid!);
    expect(tree.filter((pid) => commandLine(pid).includes(CLI))).toHaveLength(1);
    await codex.close();
    expect(await waitUntilGone(tree)).toEqual([]);
  });
});
