import { waitFor } from "@codexkit/test-support";
import { Item, Reply, scaledTimeout } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { closeAll, startBackend, startBridge, structured } from "./support/bridge.js";

afterEach(closeAll);

describe("cancellation", () => {
  test("an MCP cancel interrupts the call's turn, and the thread stays usable", async () => {
    const bridge = await startBridge({ script: [Reply.stall(), Reply.message("Fresh start.")] });
    const controller = new AbortController();
    const call = bridge.call("codex_run", { prompt: "a very long task" }, { signal: controller.signal });
    const settled = call.then(
      () => "resolved",
      (error: Error) => error.message,
    );
    await bridge.model.waitForRequests(1, { timeoutMs: scaledTimeout(15_000) });
    controller.abort("changed my mind");
    expect(await settled).toMatch(/changed my mind/);

    // The turn was interrupted on the server (turn/interrupt), not just abandoned by the client.
    const { threads } = structured<{ threads: Array<{ threadId: string }> }>(
      await bridge.call("codex_list_threads", {}),
    );
    expect(threads).toHaveLength(1);
    const threadId = threads[0]!.threadId;
    const read = async () =>
      structured<{ turns: Array<{ status: string; prompt: string }> }>(
        await bridge.call("codex_read_thread", { threadId }),
      );
    const turns = await waitFor(async () => {
      const { turns } = await read();
      return turns[0]?.status === "interrupted" ? turns : undefined;
    }, "the turn to be interrupted on the server");
    expect(turns).toMatchObject([{ status: "interrupted", prompt: "a very long task" }]);

    const next = structured<{ finalResponse: string }>(
      await bridge.call("codex_run", { prompt: "something else", threadId }),
    );
    expect(next.finalResponse).toBe("Fresh start.");
    expect(bridge.model.inputTexts(1, "user").join("\n")).toContain("<turn_aborted>");
  });

  test("the operator timeout interrupts a running turn and returns what it has, marked timedOut", async () => {
    // The timeout must fire only once the timed turn has run its command and stalled, however busy the
    // machine is; no fixed number of seconds guarantees that, so the timeout is calibrated here first: a
    // bridge without a timeout runs a turn of the same shape from a cold start (its app-server's start, a
    // command, a second model request), and the timed bridge gets three times that (at least 5 s, scaled).
    const backend = await startBackend([
      Reply.items([Item.execCommand("echo calibrating")]),
      Reply.message("calibrated"),
      Reply.items([Item.execCommand("echo partial")]),
      Reply.stall(),
    ]);
    const calibration = await startBridge({ backend });
    const began = performance.now();
    const calibrated = structured<{ status: string }>(
      await calibration.call("codex_run", { prompt: "the same shape, untimed" }),
    );
    const sameShapeMs = performance.now() - began;
    expect(calibrated.status).toBe("completed");
    await calibration.close();

    const timeoutSeconds = Math.ceil(Math.max(scaledTimeout(5_000), 3 * sameShapeMs) / 1000);
    const bridge = await startBridge({ backend, args: ["--timeout", String(timeoutSeconds)] });
    const result = structured<{
      status: string;
      timedOut: boolean;
      error: string;
      actions: { commands: unknown[] };
    }>(await bridge.call("codex_run", { prompt: "never finishes" }));
    expect(result).toMatchObject({ status: "interrupted", timedOut: true });
    expect(result.error).toMatch(
      new RegExp(`interrupted: the run exceeded the operator's timeout of ${timeoutSeconds * 1000} ms`),
    );
    expect(result.actions.commands).toMatchObject([{ command: "echo partial", status: "completed" }]);
    // the timed turn got as far as its stalled model request (the fourth of the script)
    expect(bridge.model.requests).toHaveLength(4);
  });
});
