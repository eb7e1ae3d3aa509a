import type { Notification } from "@codexkit/node";
import { Item, Reply } from "@codexkit/testing";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ProgressReporter } from "../src/progress.js";
import { closeAll, startBridge, structured } from "./support/bridge.js";

afterEach(async () => {
  vi.useRealTimers();
  await closeAll();
});

describe("progress notifications", () => {
  test("arrive in order as items start and complete, with increasing progress, before the result", async () => {
    // The last answer waits until the client has seen the last command finish: the bridge sends that progress
    // before the result, but the SDK's client handles a notification a microtask later than a result, so one
    // arriving in the same read as the result would be dropped (a busy machine can make the bridge read the
    // command's end and the turn's end at once).
    const lastAnswer = Reply.hold(Reply.message("All done."));
    const bridge = await startBridge({
      args: ["--progress-interval", "0"],
      script: [
        Reply.items([Item.reasoning("Looking at the files."), Item.execCommand("echo hi")]),
        Reply.items([
          Item.message("Checking once more.", { phase: "commentary" }),
          Item.execCommand("false"),
        ]),
        lastAnswer,
      ],
    });
    const progress: Array<{ progress: number; message?: string }> = [];
    let resultSeenWithProgress = 0;
    const result = await bridge.call(
      "codex_run",
      { prompt: "Look around" },
      {
        onprogress: (p) => {
          progress.push(p);
          if (p.message === "command finished (exit 1): false") lastAnswer.release();
        },
      },
    );
    resultSeenWithProgress = progress.length;
    expect(structured(result)).toMatchObject({ status: "completed", finalResponse: "All done." });
    expect(progress.map((p) => p.message)).toEqual([
      "turn started",
      "thinking: Looking at the files.",
      "running: echo hi",
      "command finished (exit 0): echo hi",
      "note: Checking once more.",
      "running: false",
      "command finished (exit 1): false",
    ]);
    // All progress came before the result, and progress only grows.
    expect(resultSeenWithProgress).toBe(7);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);
  });

  test("a reporter coalesces bursts to the latest message, keeps progress increasing and sends heartbeats", async () => {
    vi.useFakeTimers();
    const sent: Array<[number, string]> = [];
    const reporter = new ProgressReporter(async (progress, message) => void sent.push([progress, message]), {
      intervalMs: 100,
      heartbeatMs: 1000,
      now: () => Date.now(),
    });
    reporter.report("one");
    reporter.report("two");
    reporter.report("three");
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([[1, "one"]]);
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual([
      [1, "one"],
      [3, "three"],
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.at(-1)).toEqual([4, "still working (1 s)"]);
    reporter.report("four");
    reporter.report("five");
    await reporter.close(); // flushes what is pending
    expect(sent.at(-1)).toEqual([6, "five"]);
    reporter.report("ignored after close");
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent.at(-1)).toEqual([6, "five"]);
  });

  test("a reporter describes only events worth reporting", async () => {
    const sent: string[] = [];
    const reporter = new ProgressReporter(async (_, message) => void sent.push(message), {
      intervalMs: 0,
      heartbeatMs: 0,
    });
    const notifications = [
      { method: "item/started", params: { item: { type: "agentMessage", id: "m", text: "" } } },
      {
        method: "item/started",
        params: {
          item: { type: "fileChange", id: "f", changes: [{ path: "/w/a.txt", kind: { type: "add" } }] },
        },
      },
      {
        method: "item/completed",
        params: {
          item: {
            type: "fileChange",
            id: "f",
            status: "completed",
            changes: [{ path: "/w/a.txt", kind: { type: "add" } }],
          },
        },
      },
      {
        method: "item/completed",
        params: { item: { type: "reasoning", id: "r", summary: [], content: [] } },
      },
      { method: "error", params: { error: { message: "Reconnecting... 1/5" }, willRetry: true } },
      { method: "error", params: { error: { message: "fatal" }, willRetry: false } },
      { method: "thread/tokenUsage/updated", params: {} },
    ] as unknown as Notification[];
    for (const n of notifications) reporter.notification(n);
    await reporter.close();
    expect(sent).toEqual(["editing: /w/a.txt", "changed: /w/a.txt (add)", "retrying: Reconnecting... 1/5"]);
  });
});
