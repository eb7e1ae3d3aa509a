import { describe, expect, it } from "vitest";
import {
  CodexError,
  defaultAnswersOf,
  finalResponseOf,
  type Notification,
  type ThreadItem,
} from "../src/index.js";
import { TurnResultCollector } from "../src/internal.js";
import {
  agentMessage,
  itemCompleted,
  tokenUsage,
  tokenUsageUpdated,
  turnCompleted,
} from "./support/notifications.js";

const userMessage: ThreadItem = {
  type: "userMessage",
  id: "u",
  content: [{ type: "text", text: "hi", text_elements: [] }],
} as unknown as ThreadItem;

describe("finalResponseOf", () => {
  it("prefers a final_answer message over later phase-less ones", () => {
    expect(
      finalResponseOf([
        agentMessage("1", "plain early"),
        agentMessage("2", "the answer", "final_answer"),
        agentMessage("3", "plain later"),
        agentMessage("4", "thinking aloud", "commentary"),
      ]),
    ).toBe("the answer");
  });

  it("takes the last final_answer when there are several", () => {
    expect(
      finalResponseOf([
        agentMessage("1", "first", "final_answer"),
        agentMessage("2", "second", "final_answer"),
      ]),
    ).toBe("second");
  });

  it("otherwise takes the last phase-less message", () => {
    expect(
      finalResponseOf([
        agentMessage("1", "one"),
        userMessage,
        agentMessage("2", "two"),
        agentMessage("3", "aside", "commentary"),
      ]),
    ).toBe("two");
  });

  it("is undefined for commentary only, or no agent messages", () => {
    expect(finalResponseOf([agentMessage("1", "hmm", "commentary")])).toBeUndefined();
    expect(finalResponseOf([userMessage])).toBeUndefined();
    expect(finalResponseOf([])).toBeUndefined();
  });

  it("returns an empty final answer as the empty string, not undefined", () => {
    expect(finalResponseOf([agentMessage("1", "", "final_answer")])).toBe("");
  });
});

describe("TurnResultCollector", () => {
  it("collects items from item/completed, usage (last wins) and status/timing from turn/completed", () => {
    const collector = new TurnResultCollector("u1");
    const first = agentMessage("m1", "Looking…", "commentary");
    const second = agentMessage("m2", "Done.");
    expect(collector.add(itemCompleted("thr", "u1", userMessage))).toBe(false);
    expect(collector.add(itemCompleted("thr", "u1", first))).toBe(false);
    expect(collector.add(tokenUsageUpdated("thr", "u1", 10))).toBe(false);
    // another turn's events are ignored
    expect(collector.add(itemCompleted("thr", "other", agentMessage("x", "not mine")))).toBe(false);
    expect(collector.add(tokenUsageUpdated("thr", "other", 999))).toBe(false);
    expect(collector.add(turnCompleted("thr", { id: "other" }))).toBe(false);
    expect(collector.done).toBe(false);
    expect(collector.add(itemCompleted("thr", "u1", second))).toBe(false);
    expect(collector.add(tokenUsageUpdated("thr", "u1", 42))).toBe(false);
    const done = collector.add(
      turnCompleted("thr", {
        id: "u1",
        status: "completed",
        // turn/completed carries only a summary of items; the collector must not use it
        items: [second],
        startedAt: 1_700_000_000,
        completedAt: 1_700_000_002,
        durationMs: 1534,
      }),
    );
    expect(done).toBe(true);
    expect(collector.done).toBe(true);

    const result = collector.result();
    expect(result).toEqual({
      id: "u1",
      threadId: "thr",
      status: "completed",
      error: null,
      startedAt: new Date(1_700_000_000_000),
      completedAt: new Date(1_700_000_002_000),
      durationMs: 1534,
      finalResponse: "Done.",
      items: [userMessage, first, second],
      usage: tokenUsage(42),
      output: undefined,
      retries: [],
      serverRequests: [],
    });
    expect(result.startedAt).toBeInstanceOf(Date);
  });

  it("reports null timing and usage when the server gave none", () => {
    const collector = new TurnResultCollector("u1");
    collector.add(turnCompleted("thr", { id: "u1", status: "interrupted" }));
    const result = collector.result();
    expect(result).toMatchObject({
      status: "interrupted",
      startedAt: null,
      completedAt: null,
      durationMs: null,
      usage: null,
      items: [],
      finalResponse: undefined,
    });
  });

  it("carries the turn error of a failed turn", () => {
    const collector = new TurnResultCollector("u1");
    const error = {
      message: "stream disconnected before completion: model exploded",
      codexErrorInfo: "other" as const,
      additionalDetails: null,
      misalignment: null,
    };
    collector.add(turnCompleted("thr", { id: "u1", status: "failed", error }));
    expect(collector.result()).toMatchObject({ status: "failed", error });
  });

  it("keeps the errors the server retried after, and the turn's server requests", () => {
    const collector = new TurnResultCollector("u1");
    const retrying = {
      message: "Reconnecting... 1/2",
      codexErrorInfo: { responseStreamDisconnected: { httpStatusCode: null } },
      additionalDetails: "stream disconnected before completion: model exploded",
      misalignment: null,
    };
    const notice = (turnId: string, willRetry: boolean): Notification => ({
      method: "error",
      params: { error: retrying, willRetry, threadId: "thr", turnId },
    });
    collector.add(notice("u1", true));
    collector.add(notice("other-turn", true));
    collector.add(notice("u1", false)); // the final error is the turn's error, not a retry
    const refused = {
      method: "item/commandExecution/requestApproval",
      requestId: 7,
      params: { threadId: "thr", turnId: "u1" },
      answeredBy: "default" as const,
      reason: "noHandler" as const,
      result: { decision: "cancel" },
    };
    collector.addServerRequest(refused);
    collector.add(turnCompleted("thr", { id: "u1", status: "interrupted" }));
    const result = collector.result();
    expect(result.retries).toEqual([retrying]);
    expect(result.serverRequests).toEqual([refused]);
    expect(defaultAnswersOf(result)).toEqual([refused]);
  });

  it("throws if asked for a result before turn/completed", () => {
    const collector = new TurnResultCollector("u1");
    collector.add(itemCompleted("thr", "u1", agentMessage("m", "x")));
    expect(() => collector.result()).toThrow(CodexError);
    expect(() => collector.result()).toThrow(/u1 ended without a turn\/completed/);
  });

  it("parses output only for a completed turn with a final response", () => {
    const parse = (text: string) => JSON.parse(text) as { answer: string };

    const completed = new TurnResultCollector("u1");
    completed.add(itemCompleted("thr", "u1", agentMessage("m", '{"answer":"42"}')));
    completed.add(turnCompleted("thr", { id: "u1", status: "completed" }));
    expect(completed.result(parse).output).toEqual({ answer: "42" });
    expect(completed.result().output).toBeUndefined();

    const calls: string[] = [];
    const spy = (text: string) => {
      calls.push(text);
      return text;
    };
    const interrupted = new TurnResultCollector("u2");
    interrupted.add(itemCompleted("thr", "u2", agentMessage("m", '{"answer":')));
    interrupted.add(turnCompleted("thr", { id: "u2", status: "interrupted" }));
    expect(interrupted.result(spy).output).toBeUndefined();

    const failed = new TurnResultCollector("u3");
    failed.add(itemCompleted("thr", "u3", agentMessage("m", "{}")));
    failed.add(turnCompleted("thr", { id: "u3", status: "failed" }));
    expect(failed.result(spy).output).toBeUndefined();

    const noAnswer = new TurnResultCollector("u4");
    noAnswer.add(itemCompleted("thr", "u4", agentMessage("m", "aside", "commentary")));
    noAnswer.add(turnCompleted("thr", { id: "u4", status: "completed" }));
    expect(noAnswer.result(spy).output).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it("propagates a parse failure to the caller", () => {
    const collector = new TurnResultCollector("u1");
    collector.add(itemCompleted("thr", "u1", agentMessage("m", "not json")));
    collector.add(turnCompleted("thr", { id: "u1" }));
    expect(() => collector.result((t) => JSON.parse(t))).toThrow(SyntaxError);
  });
});
