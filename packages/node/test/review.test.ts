import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

/** What the scripted reviewer answers: codex's review output JSON (ReviewOutputEvent). */
const REVIEWER_ANSWER = JSON.stringify({
  findings: [
    {
      title: "[P1] Null dereference in parse()",
      body: "`input` can be null here.\nGuard it before use.",
      confidence_score: 0.8,
      priority: 1,
      code_location: { absolute_file_path: "/repo/src/parse.ts", line_range: { start: 3, end: 5 } },
    },
    {
      title: "[P3] Typo in error message",
      body: "'recieved' → 'received'.",
      confidence_score: 0.4,
      priority: 3,
      code_location: { absolute_file_path: "/repo/src/errors.ts", line_range: { start: 12, end: 12 } },
    },
  ],
  overall_correctness: "patch is incorrect",
  overall_explanation: "One real bug and a typo.",
  overall_confidence_score: 0.7,
});

describe("thread.review()", () => {
  it("runs review/start with custom instructions and returns the findings, file, lines, priority and explanation", async () => {
    await using t = await createTestCodex({ script: [Reply.message(REVIEWER_ANSWER), Reply.message("ok")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const review = await thread.review({
      type: "custom",
      instructions: "Check the null handling in parse.ts",
    });

    expect(review.turn.status).toBe("completed");
    expect(review.explanation).toBe("One real bug and a typo.");
    expect(review.findings).toEqual([
      {
        title: "[P1] Null dereference in parse()",
        body: "`input` can be null here.\nGuard it before use.",
        file: "/repo/src/parse.ts",
        lines: { start: 3, end: 5 },
        priority: 1,
      },
      {
        title: "[P3] Typo in error message",
        body: "'recieved' → 'received'.",
        file: "/repo/src/errors.ts",
        lines: { start: 12, end: 12 },
        priority: 3,
      },
    ]);
    expect(review.text).toContain("Null dereference in parse()");

    // What codex sent the reviewer: its review guidelines as a developer message, the instructions as the prompt.
    expect(t.model.inputTexts(0, "developer").join("\n")).toMatch(/^# Review guidelines/m);
    expect(t.model.inputTexts(0, "user").at(-1)).toBe("Check the null handling in parse.ts");

    // The review is part of the thread: the next turn sees it.
    const next = await thread.run("fix the first finding");
    expect(next.finalResponse).toBe("ok");
    expect(t.model.inputTexts(1, "user").join("\n")).toContain("Null dereference in parse()");
  });

  it("a review without findings has only the explanation", async () => {
    const clean = JSON.stringify({
      findings: [],
      overall_correctness: "patch is correct",
      overall_explanation: "Looks good to me.",
      overall_confidence_score: 0.9,
    });
    await using t = await createTestCodex({ script: [Reply.message(clean)] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const review = await thread.review({ type: "custom", instructions: "Review it" });
    expect(review).toMatchObject({ explanation: "Looks good to me.", findings: [] });
  });
});
