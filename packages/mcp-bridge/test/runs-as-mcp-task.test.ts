import { gate, waitFor } from "@codexkit/test-support";
import { Reply, scaledTimeout } from "@codexkit/testing";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, test } from "vitest";
import type { RunResult } from "../src/index.js";
import { closeAll, startBridge, structured } from "./support/bridge.js";

afterEach(closeAll);

/** Every request of the client (tools/call, tasks/get, tasks/result) gets this long; the run takes longer. */
const CLIENT_TIMEOUT_MS = scaledTimeout(3_000);

describe("codex_run as an MCP task (experimental tasks API)", () => {
  test("a task-augmented call returns the task at once; the client polls it to the result, past its own request timeout", async () => {
    // The run cannot end before the test lets it: its first reply waits for `modelReady`.
    const modelReady = gate();
    const bridge = await startBridge({
      script: [
        Reply.dynamic(async () => {
          await modelReady.opened;
          return Reply.execCommand("echo in a task");
        }),
        Reply.message("task finished"),
      ],
    });
    const { tools } = await bridge.client.listTools();
    expect(tools.find((tool) => tool.name === "codex_run")?.execution).toEqual({ taskSupport: "optional" });
    await bridge.call("codex_list_threads", {}); // starts the app-server before the timed part

    const began = Date.now();
    const kinds: string[] = [];
    let result: RunResult | undefined;
    for await (const message of bridge.client.experimental.tasks.callToolStream(
      { name: "codex_run", arguments: { prompt: "run me as a task" } },
      CallToolResultSchema,
      { task: { ttl: 60_000 }, timeout: CLIENT_TIMEOUT_MS },
    )) {
      kinds.push(message.type);
      if (message.type === "error") throw message.error;
      if (message.type === "result") result = structured<RunResult>(message.result as never);
      // The run goes on until the client has polled it for longer than any one of its requests may take.
      if (message.type === "taskStatus" && Date.now() - began > CLIENT_TIMEOUT_MS) modelReady.open();
    }
    expect(modelReady.isOpen).toBe(true);
    expect(kinds[0]).toBe("taskCreated");
    expect(kinds.filter((kind) => kind === "taskStatus").length).toBeGreaterThan(1);
    expect(kinds.at(-1)).toBe("result");
    expect(result).toMatchObject({
      status: "completed",
      finalResponse: "task finished",
      actions: { commands: [{ command: "echo in a task" }] },
    });
  });

  test("cancelling the task interrupts its turn", async () => {
    const bridge = await startBridge({ script: [Reply.stall()] });
    let taskId: string | undefined;
    let cancelled = false;
    for await (const message of bridge.client.experimental.tasks.callToolStream(
      { name: "codex_run", arguments: { prompt: "cancel this task" } },
      CallToolResultSchema,
      { task: { ttl: 60_000 } },
    )) {
      if (message.type === "taskCreated") {
        taskId = message.task.taskId;
        await bridge.model.waitForRequests(1, { timeoutMs: scaledTimeout(15_000) });
        const answer = await bridge.client.experimental.tasks.cancelTask(taskId);
        expect(answer.status).toBe("cancelled");
      }
      if (message.type === "error") cancelled = /cancelled/.test(message.error.message);
    }
    expect(taskId).toBeTruthy();
    expect(cancelled).toBe(true);
    const { threads } = structured<{ threads: Array<{ threadId: string }> }>(
      await bridge.call("codex_list_threads", {}),
    );
    const status = await waitFor(async () => {
      const read = structured<{ turns: Array<{ status: string }> }>(
        await bridge.call("codex_read_thread", { threadId: threads[0]!.threadId }),
      );
      const status = read.turns[0]?.status;
      return status === "interrupted" ? status : undefined;
    }, "the turn to be interrupted on the server");
    expect(status).toBe("interrupted");
    expect(bridge.stderr()).toMatch(/run finished: thread \S+, interrupted/);
  });
});
