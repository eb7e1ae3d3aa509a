import { join } from "node:path";
import { Codex, type Notification, ProcessExitedError, TransportClosedError } from "@codexkit/node";
import { isRunning, killLeftovers, settlesWithin } from "@codexkit/test-support";
import { createTestCodex, Reply, scaledTimeout } from "@codexkit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { pidFrom } from "./support/processes.js";

const leftovers: number[] = [];
afterEach(() => killLeftovers(leftovers.splice(0)));

describe("the real app-server killed with SIGKILL mid-turn", () => {
  it("run(), stream() and every pending request reject with one ProcessExitedError (signal, stderr tail), not any timeout of their own; the client reports closed; a new Codex works", async () => {
    await using t = await createTestCodex({ script: [Reply.stall(), Reply.stall()] });
    const viaRun = await t.codex.threadStart({ cwd: t.workspace });
    const viaStream = await t.codex.threadStart({ cwd: t.workspace });
    const running = viaRun.run("stall, awaited with run()");
    const handle = await viaStream.turn("stall, read with stream()");
    const streamed: Notification[] = [];
    const streaming = (async () => {
      for await (const event of handle.stream()) streamed.push(event);
    })();
    await t.model.waitForRequests(2, { timeoutMs: scaledTimeout(20_000) });

    // Requests the server is still working on when it dies: commands that would run for 30 s.
    const pending = [1, 2].map((n) => {
      const pidFile = join(t.workspace, `command-${n}.pid`);
      const call = t.codex.request("command/exec", {
        command: ["sh", "-c", `echo $$ > ${pidFile}; exec sleep 30`],
        cwd: t.workspace,
        sandboxPolicy: { type: "dangerFullAccess" },
      });
      return { call, pidFile };
    });
    for (const { pidFile } of pending) leftovers.push(await pidFrom(pidFile));
    expect(t.codex.isClosed).toBe(false);
    const pid = t.codex.pid!;

    process.kill(pid, "SIGKILL");
    // A hang guard only: that each call failed because of the exit (and not a timeout of its own) is the
    // identical ProcessExitedError they all carry.
    const outcomes = await Promise.all(
      ([running, streaming, ...pending.map((p) => p.call)] as Array<Promise<unknown>>).map((promise, i) =>
        settlesWithin(promise, scaledTimeout(5_000), `call ${i} after the kill`),
      ),
    );

    const errors = outcomes.map((outcome) => ("error" in outcome ? outcome.error : outcome));
    const [error] = errors;
    expect(error).toBeInstanceOf(ProcessExitedError);
    for (const other of errors) expect(other).toBe(error);
    const exited = error as ProcessExitedError;
    expect(exited).toBeInstanceOf(TransportClosedError);
    expect({ code: exited.code, exitCode: exited.exitCode, signal: exited.signal }).toEqual({
      code: "process_exited",
      exitCode: null,
      signal: "SIGKILL",
    });
    expect(exited.stderrTail?.length).toBeGreaterThan(0); // the real server always warns at start-up
    expect(exited.message).toContain(`exited on signal SIGKILL\n--- stderr tail ---\n${exited.stderrTail}`);
    expect(streamed.map((event) => event.method)).toContain("turn/started");

    expect(t.codex.isClosed).toBe(true);
    expect(isRunning(pid)).toBe(false);
    await expect(viaRun.run("after the crash")).rejects.toBe(error);
    await expect(t.codex.threadList()).rejects.toBe(error);
    expect(t.codex.stats()).toMatchObject({
      open: 0,
      buffered: 0,
      completionWaiters: 0,
      startedItems: 0,
      turnHandlers: 0,
      loginQueues: 0,
    });

    await using fresh = new Codex({ codexHome: t.home.path, cwd: t.workspace, env: { ...t.home.env } });
    t.model.enqueue(Reply.message("a new client works"));
    const thread = await fresh.threadStart({ cwd: t.workspace });
    expect((await thread.run("hello again")).finalResponse).toBe("a new client works");
    expect(fresh.pid).not.toBe(pid);
  });
});
