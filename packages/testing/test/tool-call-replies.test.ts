import { describe, expect, it } from "vitest";
import { type RecordedRequest, Reply, toolCallOutputs } from "../src/index.js";

function requestWith(input: unknown[]): RecordedRequest {
  const body = { input };
  return {
    method: "POST",
    path: "/v1/responses",
    headers: {},
    body,
    rawBody: JSON.stringify(body),
    receivedAt: 0,
  } as RecordedRequest;
}

describe("tool-call replies and outputs", () => {
  it("Reply.toolCall builds one function_call with namespace and call id", () => {
    const reply = Reply.toolCall("find_customer", { id: 42 }, { namespace: "crm", callId: "call_1" });
    expect(reply.items.map((spec) => spec.item)).toEqual([
      expect.objectContaining({
        type: "function_call",
        name: "find_customer",
        namespace: "crm",
        call_id: "call_1",
        arguments: '{"id":42}',
      }),
    ]);
    expect(reply.end).toEqual({ type: "completed", usage: undefined });
  });

  it("Reply.toolCalls puts several calls in one reply, raw JSON text passed through", () => {
    const reply = Reply.toolCalls([
      { name: "a", args: {}, callId: "call_a" },
      { name: "b", args: "{not json", callId: "call_b" },
    ]);
    expect(reply.items.map((spec) => spec.item)).toEqual([
      expect.objectContaining({ name: "a", call_id: "call_a", arguments: "{}" }),
      expect.objectContaining({ name: "b", call_id: "call_b", arguments: "{not json" }),
    ]);
    expect(reply.items[0]?.item).not.toHaveProperty("namespace");
  });

  it("toolCallOutputs gives text and content parts (images included)", () => {
    const outputs = toolCallOutputs(
      requestWith([
        { type: "function_call_output", call_id: "c1", output: "plain" },
        {
          type: "function_call_output",
          call_id: "c2",
          output: [
            { type: "input_text", text: "see:" },
            { type: "input_image", image_url: "data:image/png;base64,AA==" },
          ],
        },
      ]),
    );
    expect(outputs).toEqual([
      {
        type: "function_call_output",
        callId: "c1",
        output: "plain",
        content: [{ type: "input_text", text: "plain" }],
      },
      {
        type: "function_call_output",
        callId: "c2",
        output: "see:",
        content: [
          { type: "input_text", text: "see:" },
          { type: "input_image", image_url: "data:image/png;base64,AA==" },
        ],
      },
    ]);
  });
});
