import { InvalidInputError, OutputValidationError, TurnAbortedError } from "@codexkit/node";
import { createTestCodex, Reply, scaledTimeout } from "@codexkit/testing";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { failedResult } from "./support/helpers.js";

const answerSchema = {
  type: "object",
  properties: { answer: { type: "string" } },
  required: ["answer"],
  additionalProperties: false,
};

describe.concurrent("outputSchema", () => {
  it("a JSON Schema object is sent as text.format and the final response is parsed into output", async () => {
    await using t = await createTestCodex({
      script: [Reply.message('{"answer":"42"}'), Reply.message("plain")],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const result = await thread.run("answer in JSON", { outputSchema: answerSchema });

    expect(t.model.outputFormat(0)).toEqual({
      type: "json_schema",
      name: "codex_output_schema",
      strict: true,
      schema: answerSchema,
    });
    expect(result.finalResponse).toBe('{"answer":"42"}');
    expect(result.output).toEqual({ answer: "42" });
    expectTypeOf(result.output).toEqualTypeOf<unknown>();

    // per turn only: the next turn without a schema has no text.format
    const next = await thread.run("now plain");
    expect(t.model.outputFormat(1)).toBeUndefined();
    expect(next.output).toBeUndefined();
    expectTypeOf(next.output).toEqualTypeOf<undefined>();
  });

  it("a zod schema is converted to JSON Schema, and output is validated and typed", async () => {
    const Verdict = z.object({
      verdict: z.enum(["pass", "fail"]),
      score: z.number().int(),
      notes: z.array(z.string()),
    });
    await using t = await createTestCodex({
      script: [Reply.message(JSON.stringify({ verdict: "pass", score: 9, notes: ["tidy"] }))],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const result = await thread.run("grade it", { outputSchema: Verdict });

    expectTypeOf(result.output).toEqualTypeOf<z.infer<typeof Verdict> | undefined>();
    expect(result.output).toEqual({ verdict: "pass", score: 9, notes: ["tidy"] });
    const format = t.model.outputFormat(0);
    expect(format?.type).toBe("json_schema");
    expect(format?.schema).toMatchObject({
      type: "object",
      properties: {
        verdict: { type: "string", enum: ["pass", "fail"] },
        score: { type: "integer" },
        notes: { type: "array", items: { type: "string" } },
      },
      required: ["verdict", "score", "notes"],
    });
    expect(format?.schema).not.toHaveProperty("$schema");
  });

  it("a final response that is not JSON rejects with OutputValidationError carrying it", async () => {
    await using t = await createTestCodex({ script: [Reply.message("sorry, no JSON today")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const error = await thread.run("answer", { outputSchema: answerSchema }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputValidationError);
    expect((error as OutputValidationError).message).toMatch(/not valid JSON/);
    expect((error as OutputValidationError).finalResponse).toBe("sorry, no JSON today");
    // the completed turn is not lost: its result (items, usage) rides on the error
    const result = (error as OutputValidationError).result;
    expect(result?.status).toBe("completed");
    expect(result?.finalResponse).toBe("sorry, no JSON today");
    expect(result?.items.map((item) => item.type)).toContain("agentMessage");
    expect(result?.usage?.last).toMatchObject({ inputTokens: 10, outputTokens: 5, totalTokens: 15 }); // the scripted default
  });

  it("JSON that does not match the zod schema rejects with the failing path", async () => {
    const Shape = z.object({ count: z.number() });
    await using t = await createTestCodex({
      script: [Reply.message('{"count":"three"}'), Reply.message("ok")],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const error = await thread.run("count", { outputSchema: Shape }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputValidationError);
    expect((error as OutputValidationError).message).toMatch(/does not match outputSchema: count:/);
    expect((error as OutputValidationError).finalResponse).toBe('{"count":"three"}');
    // the turn itself completed; the thread goes on
    expect((await thread.run("next")).status).toBe("completed");
  });

  it("a failed or aborted turn has no output and does not throw OutputValidationError", async () => {
    await using t = await createTestCodex({ script: [Reply.httpError(500), Reply.stall()] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const failed = await failedResult(thread.run("x", { outputSchema: answerSchema }));
    expect(failed.status).toBe("failed");
    expect(failed.output).toBeUndefined();
    const controller = new AbortController();
    const aborted = thread.run("y", { outputSchema: answerSchema, signal: controller.signal });
    await t.model.waitForRequests(2, { timeoutMs: scaledTimeout(20_000) });
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(TurnAbortedError);
  });

  it("rejects a schema that is not an object before anything is sent", async () => {
    await using t = await createTestCodex();
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    // @ts-expect-error: a string is not a schema
    await expect(thread.run("x", { outputSchema: "json" })).rejects.toBeInstanceOf(InvalidInputError);
    // @ts-expect-error: an array is not a schema
    await expect(thread.run("x", { outputSchema: [] })).rejects.toThrow(/outputSchema must be/);
    // a zod type JSON Schema cannot represent: a typed error, not zod's own
    const unrepresentable = await thread
      .run("x", { outputSchema: z.object({ when: z.date() }) })
      .catch((error: unknown) => error);
    expect(unrepresentable).toBeInstanceOf(InvalidInputError);
    expect((unrepresentable as Error).message).toBe(
      "outputSchema cannot be converted to JSON Schema: Date cannot be represented in JSON Schema",
    );
    expect(t.model.requests).toHaveLength(0);
  });
});
