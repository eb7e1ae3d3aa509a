import { gate } from "@codexkit/test-support";
import { Reply } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { closeAll, lastUserText, startBridge, structured } from "./support/bridge.js";

afterEach(closeAll);

describe("concurrency", () => {
  test("five concurrent calls share one app-server and each gets its own answer and its own events", async () => {
    const tasks = [0, 1, 2, 3, 4].map((i) => `task ${i}`);
    const progress = new Map<string, string[]>(tasks.map((task) => [task, []]));
    const finished = (task: string) => `command finished (exit 0): echo ${task.replace(" ", "-")}`;
    // Each call's progress for its finished command, seen by the client.
    const finishSeen = new Map(tasks.map((task) => [task, gate()]));
    /**
     * Runs `echo <task>` first, then answers `done: <task>`: every request is answered from its own thread's
     * input. The answer waits until the call has seen its command finish: the bridge sends that progress before
     * the result, but the SDK's client handles a notification a microtask later than a result, so one that
     * arrives in the same read as the result is dropped; on a busy machine the bridge can read the command's end
     * and the turn's end at once and write both back to back.
     */
    const perTask = Reply.dynamic(async (request) => {
      const prompt = lastUserText(request);
      const ranCommand = (request.body?.input ?? []).some((item) => item.type === "function_call_output");
      if (!ranCommand) return Reply.execCommand(`echo ${prompt.replace(/ /g, "-")}`, { delayMs: 100 });
      await finishSeen.get(prompt)!.opened;
      return Reply.message(`done: ${prompt}`);
    });
    const bridge = await startBridge({
      script: Array.from({ length: 10 }, () => perTask),
      args: ["--progress-interval", "0"],
    });
    const results = await Promise.all(
      tasks.map((task) =>
        bridge.call(
          "codex_run",
          { prompt: task },
          {
            onprogress: (p) => {
              progress.get(task)!.push(p.message ?? "");
              if (p.message === finished(task)) finishSeen.get(task)!.open();
            },
          },
        ),
      ),
    );
    const contents = results.map((result) =>
      structured<{
        threadId: string;
        finalResponse: string;
        actions: { commands: Array<{ command: string }> };
      }>(result),
    );
    for (const [i, task] of tasks.entries()) {
      const content = contents[i]!;
      expect(content.finalResponse).toBe(`done: ${task}`);
      expect(content.actions.commands.map((c) => c.command)).toEqual([`echo ${task.replace(" ", "-")}`]);
      const commandMessages = progress.get(task)!.filter((message) => message.includes("echo"));
      expect(commandMessages).toEqual([`running: echo task-${i}`, finished(task)]);
    }
    expect(new Set(contents.map((c) => c.threadId)).size).toBe(5);
    expect(bridge.appServers()).toHaveLength(1);
  });

  test("two calls on one thread run one after the other: the later turn sees the earlier one", async () => {
    const bridge = await startBridge({ script: [Reply.message("warmed up")] });
    const { threadId } = structured<{ threadId: string }>(
      await bridge.call("codex_run", { prompt: "warm up" }),
    );
    bridge.model.enqueue(Reply.message("first answer", { delayMs: 200 }), Reply.message("second answer"));
    const [a, b] = await Promise.all([
      bridge.call("codex_run", { prompt: "question A", threadId }),
      bridge.call("codex_run", { prompt: "question B", threadId }),
    ]);
    const answers = [a, b].map((result) => structured<{ finalResponse: string; turnId: string }>(result));
    // Two separate turns (not one merged turn), each with its own answer.
    expect(answers.map((answer) => answer.finalResponse).sort()).toEqual(["first answer", "second answer"]);
    expect(answers[0]!.turnId).not.toBe(answers[1]!.turnId);
    // The later request carries the whole earlier exchange.
    expect(bridge.model.inputTexts(2, "user")).toEqual(
      expect.arrayContaining(["warm up", "question A", "question B"]),
    );
    expect(bridge.model.inputTexts(2, "assistant")).toEqual(["warmed up", "first answer"]);
  });
});
