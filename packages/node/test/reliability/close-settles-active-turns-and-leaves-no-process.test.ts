import { join } from "node:path";
import { ApprovalMode, ProcessExitedError, TransportClosedError } from "@codexkit/node";
import { isRunning, killLeftovers, settlesWithin, waitUntilGone } from "@codexkit/test-support";
import { createTestCodex, Reply, scaledTimeout } from "@codexkit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { pidFrom } from "./support/processes.js";

const leftovers: number[] = [];
afterEach(() => killLeftovers(leftovers.splice(0)));

describe("close() during active turns", () => {
  it("settles every running, streamed and queued turn and every pending request, resolves, and leaves no process: not the app-server, not the commands it was running", async () => {
    await using t = await createTestCodex({
      script: [
        Reply.execCommand(`sh -c 'echo $$ > turn-command.pid; exec sleep 30'`),
        Reply.stall(),
        Reply.stall(),
      ],
      home: { sandbox: "danger-full-access" },
    });
    const a = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.denyAll });
    const b = await t.codex.threadStart({ cwd: t.workspace });
    const c = await t.codex.threadStart({ cwd: t.workspace });
    const runningCommand = a.run("run a command that takes 30 s");
    const queued = a.run("queued behind it on the same thread");
    const stalled = b.run("stall");
    const handle = await c.turn("stall, streamed");
    const streaming = (async () => {
      for await (const _ of handle.stream()) {
        // reading until the stream fails
      }
    })();
    const pidFile = join(t.workspace, "request.pid");
    const pendingRequest = t.codex.request("command/exec", {
      command: ["sh", "-c", `echo $$ > ${pidFile}; exec sleep 30`],
      cwd: t.workspace,
      sandboxPolicy: { type: "dangerFullAccess" },
    });
    const commandPids = [await pidFrom(join(t.workspace, "turn-command.pid")), await pidFrom(pidFile)];
    leftovers.push(...commandPids);
    await t.model.waitForRequests(3, { timeoutMs: scaledTimeout(20_000) });
    const serverPid = t.codex.pid!;
    for (const pid of [serverPid, ...commandPids]) expect(isRunning(pid)).toBe(true);

    const closing = t.codex.close();
    const outcomes = await Promise.all(
      ([runningCommand, queued, stalled, streaming, pendingRequest] as Array<Promise<unknown>>).map(
        (promise, i) => settlesWithin(promise, scaledTimeout(10_000), `call ${i} after close()`),
      ),
    );
    expect(await settlesWithin(closing, scaledTimeout(10_000), "close()")).toEqual({ value: undefined });
    for (const outcome of outcomes) {
      const error = "error" in outcome ? outcome.error : outcome;
      expect(error).toBeInstanceOf(TransportClosedError);
      expect(error).not.toBeInstanceOf(ProcessExitedError);
      expect((error as Error).message).toMatch(/closed by the client/);
    }

    expect(t.codex.isClosed).toBe(true);
    expect(isRunning(serverPid)).toBe(false);
    // the commands were killed with the server's process group; the kernel may take a moment to end them
    expect(await waitUntilGone(commandPids)).toEqual([]);
    expect(t.codex.stats()).toMatchObject({ open: 0, buffered: 0, completionWaiters: 0, turnHandlers: 0 });
    await expect(t.codex.threadStart()).rejects.toBeInstanceOf(TransportClosedError);
  });
});
