import { describe, expect, test } from "vitest";
import {
  buildStreamEvents,
  encodeSseEvent,
  Item,
  Reply,
  responseCompleted,
  responseCreated,
  responseFailed,
  splitIntoDeltas,
  toWireUsage,
} from "../src/index.js";

describe("SSE encoding", () => {
  test("encodes an event as `event: NAME` + `data: JSON` + blank line", () => {
    const event = responseCreated("resp_1");
    expect(encodeSseEvent(event)).toBe(`event: response.created\ndata: ${JSON.stringify(event)}\n\n`);
  });

  test("keeps newlines inside data on one line (JSON-escaped)", () => {
    const encoded = encodeSseEvent(responseFailed("r", "server_error", "line1\nline2"));
    expect(encoded.split("\n")).toHaveLength(4);
    expect(encoded).toContain("line1\\nline2");
  });

  test("reports usage in the wire shape with totals and token details", () => {
    expect(
      toWireUsage({ inputTokens: 7, cachedInputTokens: 2, outputTokens: 3, reasoningOutputTokens: 1 }),
    ).toEqual({
      input_tokens: 7,
      input_tokens_details: { cached_tokens: 2 },
      output_tokens: 3,
      output_tokens_details: { reasoning_tokens: 1 },
      total_tokens: 10,
    });
    expect(responseCompleted("resp_2")).toMatchObject({
      type: "response.completed",
      response: { id: "resp_2", status: "completed", usage: { total_tokens: 15 } },
    });
  });

  test("response.failed carries the error code and message", () => {
    expect(responseFailed("r", "context_length_exceeded", "too long")).toMatchObject({
      type: "response.failed",
      response: {
        id: "r",
        status: "failed",
        error: { code: "context_length_exceeded", message: "too long" },
      },
    });
  });
});

describe("stream events of a reply", () => {
  test("a plain message is created, done and completed", () => {
    const events = buildStreamEvents(Reply.message("hi", { id: "msg_1" }), "resp_1");
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events[1]).toMatchObject({
      output_index: 0,
      item: {
        type: "message",
        id: "msg_1",
        role: "assistant",
        content: [{ type: "output_text", text: "hi" }],
      },
    });
  });

  test("a streamed message is announced empty, then delta by delta", () => {
    const events = buildStreamEvents(Reply.message("Hello world!", { id: "m", stream: true }), "r");
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events[1]).toMatchObject({ item: { type: "message", content: [] } });
    expect(events.filter((e) => e.type === "response.output_text.delta").map((e) => e.delta)).toEqual([
      "Hello ",
      "world!",
    ]);
  });

  test("a streamed reasoning summary sends a part and summary deltas", () => {
    const reply = Reply.items([
      Item.reasoning("Thinking hard.", { id: "rs", stream: ["Think", "ing hard."] }),
    ]);
    const events = buildStreamEvents(reply, "r");
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.delta",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events[6]).toMatchObject({
      response: { output: [{ type: "reasoning", summary: [{ text: "Thinking hard." }] }] },
    });
  });

  test("several items get consecutive output indexes", () => {
    const reply = Reply.items([Item.message("looking", { phase: "commentary" }), Item.execCommand("ls")]);
    const done = buildStreamEvents(reply, "r").filter((e) => e.type === "response.output_item.done");
    expect(done.map((e) => e.output_index)).toEqual([0, 1]);
    expect(done[0]).toMatchObject({ item: { phase: "commentary" } });
    expect(done[1]).toMatchObject({ item: { type: "function_call", name: "exec_command" } });
  });

  test("failed ends with response.failed; close and stall send no final event", () => {
    expect(buildStreamEvents(Reply.failed("server_error", "boom"), "r").map((e) => e.type)).toEqual([
      "response.created",
      "response.failed",
    ]);
    expect(buildStreamEvents(Reply.closeEarly(), "r").map((e) => e.type)).toEqual(["response.created"]);
    const stalled = buildStreamEvents(Reply.message("slow", { stall: true }), "r");
    expect(stalled.map((e) => e.type)).toEqual(["response.created", "response.output_item.done"]);
  });

  test("splits text at word boundaries without losing characters", () => {
    expect(splitIntoDeltas("a  b\nc")).toEqual(["a  ", "b\n", "c"]);
    expect(splitIntoDeltas("")).toEqual([""]);
  });
});

describe("tool call items", () => {
  test("exec_command arguments use the wire parameter names", () => {
    const { item } = Item.execCommand("touch x", {
      callId: "call_1",
      justification: "need it",
      sandboxPermissions: "require_escalated",
      workdir: "/tmp",
    });
    expect(item).toMatchObject({ type: "function_call", call_id: "call_1", name: "exec_command" });
    expect(item.type === "function_call" && JSON.parse(item.arguments)).toEqual({
      cmd: "touch x",
      justification: "need it",
      sandbox_permissions: "require_escalated",
      workdir: "/tmp",
    });
  });

  test("string function arguments are sent verbatim", () => {
    const { item } = Item.functionCall("f", "{not json");
    expect(item).toMatchObject({ arguments: "{not json" });
  });

  test("apply_patch is a custom tool call with the raw patch as input", () => {
    const patch = "*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch\n";
    expect(Item.applyPatch(patch, { callId: "call_p" }).item).toMatchObject({
      type: "custom_tool_call",
      name: "apply_patch",
      call_id: "call_p",
      input: patch,
    });
  });
});
