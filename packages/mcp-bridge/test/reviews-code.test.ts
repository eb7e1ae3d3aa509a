import { Reply } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { closeAll, startBridge, structured, textOf } from "./support/bridge.js";

afterEach(closeAll);

/** The scripted reviewer's answer: codex's review output JSON. */
const REVIEWER_ANSWER = JSON.stringify({
  findings: [
    {
      title: "[P0] SQL injection in query()",
      body: "The id is concatenated into the SQL string.",
      confidence_score: 0.9,
      priority: 0,
      code_location: { absolute_file_path: "/repo/db.ts", line_range: { start: 10, end: 14 } },
    },
  ],
  overall_correctness: "patch is incorrect",
  overall_explanation: "Not safe to merge.",
  overall_confidence_score: 0.8,
});

describe("codex_review", () => {
  test("returns the review's findings and verdict as structured content, inside the policy", async () => {
    const bridge = await startBridge({
      script: [Reply.message(REVIEWER_ANSWER)],
      args: ["--sandbox", "read-only", "--approval-policy", "never"],
    });
    const review = structured<{
      status: string;
      explanation: string;
      findings: unknown[];
      cwd: string;
      threadId: string;
    }>(await bridge.call("codex_review", { target: "custom", instructions: "Look for injection bugs" }));
    expect(review).toMatchObject({
      status: "completed",
      explanation: "Not safe to merge.",
      cwd: bridge.home.workspace,
      findings: [
        {
          title: "[P0] SQL injection in query()",
          body: "The id is concatenated into the SQL string.",
          file: "/repo/db.ts",
          lines: { start: 10, end: 14 },
          priority: 0,
        },
      ],
    });
    expect(bridge.model.inputTexts(0, "user").at(-1)).toBe("Look for injection bugs");
    // The review thread belongs to this session.
    const listed = structured<{ threads: Array<{ threadId: string }> }>(
      await bridge.call("codex_list_threads", {}),
    );
    expect(listed.threads.map((thread) => thread.threadId)).toEqual([review.threadId]);

    const outside = await bridge.call("codex_review", { target: "uncommittedChanges", cwd: "/etc" });
    expect(outside.isError).toBe(true);
    expect(textOf(outside)).toMatch(/outside the allowed roots/);
    const incomplete = await bridge.call("codex_review", { target: "baseBranch" });
    expect(incomplete.isError).toBe(true);
    expect(textOf(incomplete)).toMatch(/target "baseBranch" needs `branch`/);
    expect(bridge.model.requests).toHaveLength(1);
  });
});
