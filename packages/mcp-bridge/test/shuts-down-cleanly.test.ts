import { commandLine, descendants, isRunning, waitFor, waitUntilGone } from "@codexkit/test-support";
import { Reply, scaledTimeout } from "@codexkit/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterEach, describe, expect, test } from "vitest";
import { CLI, closeAll, startBackend, startBridge } from "./support/bridge.js";
import { ChildTransport } from "./support/child-transport.js";

afterEach(closeAll);

describe("lifecycle", () => {
  test.each([["stdin close"], ["SIGTERM"], ["SIGINT"]] as const)(
    "%s while a turn runs: the turn is interrupted, the app-server stops, the bridge exits 0 and leaves no process",
    async (how) => {
      const backend = await startBackend([Reply.stall()]);
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
      Object.assign(env, backend.home.env, { RUST_LOG: "warn" });
      const transport = new ChildTransport(process.execPath, [CLI], { env, cwd: backend.home.workspace });
      const client = new Client({ name: "lifecycle-test", version: "1.0.0" });
      await client.connect(transport);
      const pending = client
        .callTool({ name: "codex_run", arguments: { prompt: "run forever" } })
        .catch((error: Error) => error);
      await backend.model.waitForRequests(1, { timeoutMs: scaledTimeout(15_000) });

      const bridgePid = transport.child.pid!;
      const tree = descendants(bridgePid);
      const appServer = await waitFor(
        () => tree.find((pid) => / app-server/.test(commandLine(pid))),
        "the app-server",
      );
      expect(isRunning(appServer)).toBe(true);

      if (how === "stdin close") await transport.close();
      else transport.child.kill(how);
      const exit = await transport.exited;
      expect(exit, transport.stderr).toEqual({ code: 0, signal: null });
      expect(await waitUntilGone([bridgePid, ...tree])).toEqual([]);
      expect(transport.stderr).toMatch(/shutting down \((stdin closed|SIGTERM|SIGINT)\)/);
      if (how !== "stdin close") expect(transport.stderr).toContain("interrupting 1 running turn(s)");
      await pending;
    },
  );

  test("closing the SDK client after work leaves no process behind", async () => {
    const bridge = await startBridge({ script: [Reply.message("done")] });
    await bridge.call("codex_run", { prompt: "quick one" });
    const pids = [bridge.pid, ...descendants(bridge.pid)];
    expect(bridge.appServers()).toHaveLength(1);
    await bridge.close();
    expect(await waitUntilGone(pids)).toEqual([]);
  });

  test("the stderr log names the ceiling and never contains the prompt", async () => {
    const bridge = await startBridge({
      script: [Reply.message("ok")],
      args: ["--sandbox", "workspace-write"],
    });
    await bridge.call("codex_run", { prompt: "my-secret-prompt sk-abcdefghijklmnop" });
    await bridge.close();
    expect(bridge.stderr()).toContain("sandbox ceiling workspace-write, approval ceiling on-request");
    expect(bridge.stderr()).not.toContain("my-secret-prompt");
    expect(bridge.stderr()).not.toContain("sk-abcdefghijklmnop");
  });
});
