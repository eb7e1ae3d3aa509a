import { existsSync } from "node:fs";
import { ProcessExitedError, TransportClosedError } from "@codexkit/node";
import { isRunning, waitUntil, waitUntilGone } from "@codexkit/test-support";
import { createTestCodex, Reply, scaledTimeout } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { fakeCodex } from "./support/fake.js";
import { recordProcessFaults } from "./support/processes.js";

/** Settles every promise; returns the rejection reasons (undefined for a resolved one). */
async function reasons(promises: Array<Promise<unknown>>): Promise<unknown[]> {
  return (await Promise.allSettled(promises)).map((settled) =>
    settled.status === "rejected" ? settled.reason : undefined,
  );
}

describe("writing to an app-server that has died (EPIPE)", () => {
  it("the real app-server killed with SIGKILL, then a burst of calls in the same tick: each rejects with the same ProcessExitedError (not a bare EPIPE), nothing unhandled or uncaught", async () => {
    const faults = recordProcessFaults();
    await using t = await createTestCodex({ script: [Reply.stall()] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.turn("stall");
    await t.model.waitForRequests(1, { timeoutMs: scaledTimeout(20_000) });

    process.kill(t.codex.pid!, "SIGKILL");
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < 50; i++) calls.push(t.codex.threadList(), t.codex.models());
    calls.push(
      handle.steer("more input"),
      handle.interrupt(),
      handle.run(),
      thread.run("queued behind the stalled turn"),
      t.codex.threadStart(),
      t.codex.loginApiKey("sk-not-a-real-key-0000"),
    );
    const rejected = await reasons(calls);
    expect(rejected[0]).toBeInstanceOf(ProcessExitedError);
    expect(rejected[0]).toMatchObject({ signal: "SIGKILL", exitCode: null });
    for (const reason of rejected) expect(reason).toBe(rejected[0]);
    expect(await faults.stop()).toEqual([]);
  });

  it("a server that closed its stdin but is still running: writes fail with EPIPE as TransportClosedError, then its exit fails the rest; nothing unhandled or uncaught", async () => {
    const faults = recordProcessFaults();
    // It lingers for longer than codexkit waits for a dying server (1 s) before reporting a broken pipe.
    await using fake = await fakeCodex({ FAKE_CLOSE_STDIN_ON: "turn/start", FAKE_LINGER_MS: "2500" });
    const thread = await fake.codex.threadStart();
    const pid = fake.codex.pid!;
    const turn = thread.turn("the server stops reading here");
    // it has closed its stdin (fd 0 is gone) and still runs
    await waitUntil(() => !existsSync(`/proc/${pid}/fd/0`), "the fake to close its stdin");
    expect(isRunning(pid)).toBe(true);
    const writes = await reasons(Array.from({ length: 20 }, () => fake.codex.threadList()));
    for (const reason of writes) {
      expect(reason).toBeInstanceOf(TransportClosedError);
      expect((reason as Error).message).toMatch(
        /^Could not send thread\/list to codex app-server: (write EPIPE|codex app-server's stdin is closed)/,
      );
    }
    expect(writes.some((reason) => /EPIPE/.test((reason as Error).message))).toBe(true);
    const [pendingTurn] = await reasons([turn]);
    expect(pendingTurn).toBeInstanceOf(ProcessExitedError);
    expect(fake.codex.isClosed).toBe(true);
    expect(await faults.stop()).toEqual([]);
  });

  it("an approval answered after the server died is dropped quietly", async () => {
    const faults = recordProcessFaults();
    let answered!: () => void;
    const answeredLate = new Promise<void>((resolve) => {
      answered = resolve;
    });
    let serverPid = 0;
    let runningWhenAnswered: number[] | undefined;
    await using fake = await fakeCodex(
      { FAKE_APPROVAL_THEN_DIE: "1" },
      {
        onApproval: async () => {
          runningWhenAnswered = await waitUntilGone([serverPid]); // answered once the server has exited
          setTimeout(answered, 50);
          return "accept" as const;
        },
      },
    );
    const thread = await fake.codex.threadStart();
    serverPid = fake.codex.pid!;
    const [error] = await reasons([thread.run("ask for approval, then die")]);
    expect(error).toBeInstanceOf(ProcessExitedError);
    await answeredLate;
    expect(runningWhenAnswered).toEqual([]);
    expect(await faults.stop()).toEqual([]);
  });
});
