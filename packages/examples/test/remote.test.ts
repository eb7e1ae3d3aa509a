import { createCodexHome, ScriptedModel, startAppServerListener } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { connectionOptions, main, type Servers, script, WAYS } from "../src/remote.js";
import { captureOutput } from "./support/capture.js";

describe("remote example", () => {
  it("runs a turn over each way to connect: spawn, ws with a token, unix socket, command, transport", async () => {
    await using model = await ScriptedModel.start({ script: script() });
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    await using ws = await startAppServerListener({ home });
    await using unix = await startAppServerListener({ home, listen: "unix" });
    const servers: Servers = {
      websocket: { url: ws.url, token: ws.token as string },
      unix: { url: unix.url },
      local: { codexHome: home.path, env: { ...home.env }, cwd: home.workspace },
    };
    const out = captureOutput();
    for (const way of WAYS) {
      const answer = await main({
        options: connectionOptions(way, servers),
        cwd: home.workspace,
        out,
        label: way,
      });
      expect(answer).toBe("hello from the app-server");
    }
    const lines = out.text.trim().split("\n");
    expect(lines).toHaveLength(WAYS.length);
    expect(lines[0]).toMatch(/^spawn \(.*codex \(pid \d+\)\): hello from the app-server$/);
    expect(lines[1]).toBe(`websocket (${ws.url}): hello from the app-server`);
    expect(lines[2]).toBe(`unix (${unix.url}): hello from the app-server`);
    expect(lines[3]).toMatch(/^command \(.*codex \(pid \d+\)\): hello from the app-server$/);
    expect(lines[4]).toBe(`transport (${ws.url}): hello from the app-server`);
    expect(out.text).not.toContain(ws.token as string);
    expect(model.requests).toHaveLength(WAYS.length);
  });
});
