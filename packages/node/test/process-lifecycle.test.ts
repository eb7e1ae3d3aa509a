import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import {
  ApprovalMode,
  Codex,
  ProcessExitedError,
  StartupError,
  TransportClosedError,
  type TurnResult,
} from "@codexkit/node";
import { isRunning, waitFor, waitUntil, waitUntilGone } from "@codexkit/test-support";
import { createTestCodex, Reply, scaledTimeout } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { scratchDir } from "./support/helpers.js";

/** A TCP server that accepts connections and never answers: an HTTPS proxy that makes requests hang. */
async function blackholeProxy() {
  let connections = 0;
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    get connections() {
      return connections;
    },
    [Symbol.asyncDispose]: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.concurrent("app-server crash", () => {
  it("kill -9 mid-turn: run(), pending requests and login waits reject with ProcessExitedError; a new client works", async () => {
    await using proxy = await blackholeProxy();
    await using t = await createTestCodex({
      script: [Reply.message("before the crash"), Reply.stall()],
      codex: { env: { OPENAI_API_KEY: "", HTTPS_PROXY: proxy.url, https_proxy: proxy.url } },
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await thread.run("persist a turn");
    const pid = t.codex.pid!;
    expect(isRunning(pid)).toBe(true);

    const running = thread.run("this one stalls");
    const runSettled = running.then(
      (result: TurnResult) => ({ result }),
      (error: unknown) => ({ error }),
    );
    await t.model.waitForRequests(2, { timeoutMs: scaledTimeout(20_000) });
    const login = await t.codex.loginChatgpt();
    const loginWait = login.wait().catch((e: unknown) => e);
    // a request the server is still working on: the device-code login hangs on the proxy
    const pendingRequest = t.codex.loginChatgptDeviceCode().catch((e: unknown) => e);
    await waitUntil(() => proxy.connections > 0, "the device-code request to reach the proxy");
    expect(t.codex.isClosed).toBe(false);

    process.kill(pid, "SIGKILL");

    const outcome = await runSettled;
    expect("error" in outcome).toBe(true);
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(ProcessExitedError);
    expect(error).toBeInstanceOf(TransportClosedError);
    const exited = error as ProcessExitedError;
    expect(exited.signal).toBe("SIGKILL");
    expect(exited.exitCode).toBeNull();
    expect(exited.code).toBe("process_exited");
    expect(exited.message).toMatch(/exited on signal SIGKILL/);
    expect(typeof exited.stderrTail).toBe("string");
    expect(exited.message).toContain(exited.stderrTail ?? "");

    expect(await pendingRequest).toBe(error);
    expect(await loginWait).toBe(error);
    expect(t.codex.isClosed).toBe(true);
    await expect(thread.run("after the crash")).rejects.toBe(error);
    await expect(t.codex.threadList()).rejects.toBe(error);
    expect(t.codex.stats()).toMatchObject({ open: 0, completionWaiters: 0, loginQueues: 0 });
    await t.codex.close();

    // a new client on the same home picks the thread up again
    await using fresh = new Codex({ codexHome: t.home.path, cwd: t.workspace, env: { ...t.home.env } });
    t.model.enqueue(Reply.message("back again"));
    const resumed = await fresh.threadResume(thread.id);
    expect((await resumed.run("are you there?")).finalResponse).toBe("back again");
    expect(fresh.pid).not.toBe(pid);
  });

  it("an app-server stopped from outside is reported as ProcessExitedError", async () => {
    await using t = await createTestCodex({ script: [Reply.stall()] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const running = thread.run("stall").catch((e: unknown) => e);
    await t.model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });
    process.kill(t.codex.pid!, "SIGTERM");
    const error = await running;
    expect(error).toBeInstanceOf(ProcessExitedError);
    const exited = error as ProcessExitedError;
    // codex handles SIGTERM itself: it exits rather than being killed by the signal
    expect({ exitCode: exited.exitCode, signal: exited.signal }).toEqual({ exitCode: 0, signal: null });
    expect(t.codex.isClosed).toBe(true);
  });
});

describe.concurrent("close()", () => {
  it("stops the app-server and the command it is running, and is idempotent", async () => {
    // (A command's background children do not outlive the command: codex ends its process group when it
    // exits. So the command that must be stopped is one still running when close() is called.)
    await using t = await createTestCodex({
      script: [Reply.execCommand("sh -c 'echo $$ > sleep.pid; exec sleep 30'")],
      home: { sandbox: "danger-full-access" },
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.denyAll });
    const running = thread.run("run a command that takes 30 s").catch((e: unknown) => e);
    const pidFile = join(t.workspace, "sleep.pid");
    const sleepPid = await waitFor(() => {
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : 0;
      return pid > 0 ? pid : undefined;
    }, "the command's pid");
    expect(isRunning(sleepPid)).toBe(true);
    const pid = t.codex.pid!;
    expect(isRunning(pid)).toBe(true);

    await Promise.all([t.codex.close(), t.codex.close()]);
    await t.codex.close();
    expect(t.codex.isClosed).toBe(true);
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
    expect(await waitUntilGone([sleepPid])).toEqual([]);
    expect(await running).toBeInstanceOf(TransportClosedError);
    await expect(t.codex.threadStart()).rejects.toBeInstanceOf(TransportClosedError);
  });

  it("rejects a running turn with TransportClosedError (not ProcessExitedError)", async () => {
    await using t = await createTestCodex({ script: [Reply.stall()] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const running = thread.run("stall").catch((e: unknown) => e);
    await t.model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });
    await t.codex.close();
    const error = await running;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error).not.toBeInstanceOf(ProcessExitedError);
    expect((error as Error).message).toMatch(/closed by the client/);
  });

  it("await using disposes the client", async () => {
    await using t = await createTestCodex();
    let pid: number | undefined;
    {
      await using codex = new Codex({ codexHome: t.home.path, cwd: t.workspace, env: { ...t.home.env } });
      await codex.start();
      pid = codex.pid;
      expect(isRunning(pid!)).toBe(true);
    }
    expect(isRunning(pid!)).toBe(false);
  });

  it("close() before start() spawns nothing; start() is idempotent", async () => {
    await using t = await createTestCodex();
    const unused = new Codex({ codexHome: t.home.path, env: { ...t.home.env } });
    await unused.close();
    expect(unused.pid).toBeUndefined();

    await using codex = new Codex({ codexHome: t.home.path, env: { ...t.home.env } });
    const [a, b] = await Promise.all([codex.start(), codex.start()]);
    expect(a).toBe(codex);
    expect(b).toBe(codex);
    const pid = codex.pid;
    await codex.start();
    expect(codex.pid).toBe(pid);
    expect(codex.metadata.codexHome).toBe(t.home.path);
  });

  it("passes config overrides and extra environment to the app-server", async () => {
    await using t = await createTestCodex({
      script: [Reply.message("hi")],
      codex: { config: { model: "gpt-5.5" } },
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await thread.run("which model?");
    expect(t.model.request(0).body?.model).toBe("gpt-5.5");
  });
});

describe.concurrent("start-up failures", () => {
  it("an app-server that dies at start-up rejects with StartupError and its stderr", async () => {
    await using dir = await scratchDir();
    const broken = await dir.file("codex", "#!/bin/sh\necho 'fatal: config is broken' >&2\nexit 7\n", {
      executable: true,
    });
    await using codex = new Codex({ codexPath: broken });
    const error = await codex.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).code).toBe("startup_failed");
    expect((error as StartupError).stderrTail).toContain("fatal: config is broken");
    expect((error as StartupError).message).toMatch(/exited with code 7/);
    expect((error as StartupError).cause).toBeInstanceOf(ProcessExitedError);
  });

  it("a start-up failure's stderr tail holds what was written after the exit, until stderr ends", async () => {
    await using dir = await scratchDir();
    // The exit comes first; the reason reaches stderr after it, from a child that inherited the pipe: the
    // order in which a server's last words can arrive. The tail is taken when stderr ends, not at the exit.
    const late = await dir.file(
      "codex",
      "#!/bin/sh\n(sleep 0.3; echo 'fatal: written after the exit' >&2) >/dev/null &\nexit 7\n",
      { executable: true },
    );
    await using codex = new Codex({ codexPath: late });
    const error = await codex.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).message).toMatch(/exited with code 7/);
    expect((error as StartupError).stderrTail).toContain("fatal: written after the exit");
    expect(((error as StartupError).cause as ProcessExitedError).stderrTail).toContain(
      "fatal: written after",
    );
  });

  it("an app-server that never answers initialize times out and is killed", async () => {
    await using dir = await scratchDir();
    const pidFile = join(dir.path, "pid");
    const silent = await dir.file("codex", `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 60\n`, {
      executable: true,
    });
    // long enough for the script to write its pid first (it scales with the machine)
    const startupTimeoutMs = scaledTimeout(2_000);
    await using codex = new Codex({ codexPath: silent, startupTimeoutMs });
    const error = await codex.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(`did not answer initialize within ${startupTimeoutMs} ms`);
    const { readFile } = await import("node:fs/promises");
    const pid = Number((await readFile(pidFile, "utf8")).trim());
    expect(isRunning(pid)).toBe(false);
    // a failed start can be retried (and fails the same way)
    await expect(codex.start()).rejects.toBeInstanceOf(StartupError);
  });
});
