import { waitFor } from "@codexkit/test-support";
import { Item, Reply, scaledTimeout } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { closeAll, startBridge, structured } from "./support/bridge.js";

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
    // The timed turn runs a command, then stalls. The timeout gives it time to get there (a second or two,
    // more on a busy machine: it scales); that it did is checked below (the third model request).
    const timeoutSeconds = Math.ceil(scaledTimeout(5_000) / 1000);
    const bridge = await startBridge({
      script: [Reply.message("warm"), Reply.items([Item.execCommand("echo partial")]), Reply.stall()],
      args: ["--timeout", String(timeoutSeconds)],
    });
    // Warm up first, so the app-server is running and the timed turn starts well within the timeout.
    await bridge.call("codex_run", { prompt: "warm up" });
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
    expect(bridge.model.requests).toHaveLength(3);
  });
});
