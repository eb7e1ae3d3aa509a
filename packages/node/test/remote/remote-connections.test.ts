import { Codex, resolveCodexBinary, StartupError, TransportClosedError } from "@codexkit/node";
import { waitUntilGone } from "@codexkit/test-support";
import {
  createCodexHome,
  createTestCodex,
  Reply,
  ScriptedModel,
  scaledTimeout,
  startAppServerListener,
} from "@codexkit/testing";
import { describe, expect, it } from "vitest";

describe.concurrent("connecting to an app-server that is not spawned by the client", () => {
  it("runs a turn over a unix socket (WebSocket over the socket, no auth)", async () => {
    await using t = await createTestCodex({ transport: "unix", script: [Reply.message("over the socket")] });
    expect(t.server?.url).toMatch(/^unix:\/\/\/.*app-server-[0-9a-f]+\.sock$/);
    expect(t.codex.transport?.endpoint).toBe(t.server?.url);
    expect(t.codex.pid).toBeUndefined();
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    expect((await thread.run("hi")).finalResponse).toBe("over the socket");
  });

  it("runs a turn through a custom command (an sh wrapper that execs codex), and stops it on close", async () => {
    await using model = await ScriptedModel.start({ script: [Reply.message("via a command")] });
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    const binary = resolveCodexBinary({});
    const codex = new Codex({
      command: ["sh", "-c", 'exec "$0" "$@"', binary.command, ...binary.args, "app-server"],
      env: { ...home.env, RUST_LOG: "warn", PATH: [...binary.pathPrepend, process.env.PATH].join(":") },
      cwd: home.workspace,
    });
    const thread = await codex.threadStart({ cwd: home.workspace });
    expect((await thread.run("hi")).finalResponse).toBe("via a command");
    const pid = codex.pid;
    expect(pid).toBeGreaterThan(0);
    expect(codex.transport?.endpoint).toBe(`sh (pid ${pid})`);
    await codex.close();
    expect(await waitUntilGone([pid as number])).toEqual([]);
  });

  it("a wrong or missing token is refused with 401, and no token appears in the error", async () => {
    await using model = await ScriptedModel.start();
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    await using server = await startAppServerListener({ home });
    const wrong = "wrong-token-0123456789abcdef";
    for (const token of [wrong, undefined]) {
      const codex = new Codex({ url: server.url, ...(token ? { token } : {}) });
      const error = (await codex.start().catch((e: unknown) => e)) as StartupError;
      expect(error).toBeInstanceOf(StartupError);
      expect(error.message).toContain(server.url);
      expect(error.message).toContain("401");
      const everything = `${error.message}\n${error.stack}\n${String((error.cause as Error)?.message)}`;
      expect(everything).not.toContain(wrong);
      expect(everything).not.toContain(server.token as string);
      await codex.close();
    }
    // the right token works on the same server
    await using codex = new Codex({ url: server.url, token: server.token as string });
    const models = await codex.models();
    expect(models.data.length).toBeGreaterThan(0);
    for (const model of models.data) expect(model.id).toMatch(/\S/);
  });

  it("a dropped socket rejects every pending call at once with the endpoint and close code", async () => {
    await using t = await createTestCodex({ transport: "websocket", script: [Reply.stall()] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.turn("wait forever");
    await t.model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });
    const run = handle.run().catch((e: unknown) => e);
    const pid = t.server?.pid as number;
    process.kill(-pid, "SIGKILL");
    const [turnError, callError] = await Promise.all([run, t.codex.threadList().catch((e: unknown) => e)]);
    for (const error of [turnError, callError] as TransportClosedError[]) {
      expect(error).toBeInstanceOf(TransportClosedError);
      expect(error.endpoint).toBe(t.server?.url);
      expect(error.closeCode).toBe(1006);
      expect(error.message).toContain(`The WebSocket to ${t.server?.url} closed with code 1006`);
    }
    // The kernel may still be tearing the process down when its socket closes: wait for it to be gone.
    expect(await waitUntilGone([pid])).toEqual([]);
  });
});
