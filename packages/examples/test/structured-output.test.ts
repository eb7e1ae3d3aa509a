import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { main, SCRIPTED_REVIEW, script } from "../src/structured-output.js";
import { captureOutput } from "./support/capture.js";

describe("structured output example", () => {
  it("sends the zod schema as JSON Schema and returns the parsed, validated answer", async () => {
    await using t = await createTestCodex({ script: script() });
    const out = captureOutput();

    const review = await main({ codex: t.codex, cwd: t.workspace, out });

    expect(review).toEqual(SCRIPTED_REVIEW);
    const format = t.model.outputFormat(0);
    expect(format?.type).toBe("json_schema");
    expect(format?.schema).toMatchObject({
      type: "object",
      required: ["summary", "risks", "approve"],
      properties: {
        approve: { type: "boolean" },
        risks: { type: "array", items: { properties: { severity: { enum: ["low", "medium", "high"] } } } },
      },
    });
    expect(out.text).toContain("  - [high] publishes an empty or stale package\n");
    expect(out.text).toContain("approve: no\n");
  });

  it("reports an answer that does not match the schema instead of returning it", async () => {
    const wrong = { summary: "looks fine", risks: [{ title: "none", severity: "tiny" }], approve: true };
    await using t = await createTestCodex({ script: [Reply.message(JSON.stringify(wrong))] });
    const out = captureOutput();

    const review = await main({ codex: t.codex, cwd: t.workspace, out });

    expect(review).toBeUndefined();
    expect(out.text).toMatch(/the answer did not match the schema: .*risks\.0\.severity/);
    expect(out.text).toContain(`raw answer: ${JSON.stringify(wrong)}`);
  });

  it("reports an answer that is not JSON at all", async () => {
    await using t = await createTestCodex({ script: [Reply.message("Sure! It looks fine to me.")] });
    const out = captureOutput();

    expect(await main({ codex: t.codex, cwd: t.workspace, out })).toBeUndefined();
    expect(out.text).toMatch(/the answer did not match the schema: the final response is not valid JSON/);
  });
});
