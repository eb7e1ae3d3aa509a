import { createTestCodex } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { main, QUESTIONS, script } from "../src/concurrent-turns.js";
import { captureOutput } from "./support/capture.js";

describe("concurrent turns example", () => {
  it("runs one turn per thread at the same time and routes each answer to its own turn", async () => {
    await using t = await createTestCodex({ script: script() });
    const out = captureOutput();

    const results = await main({ codex: t.codex, cwd: t.workspace, out });

    expect(results.map((result) => result.status)).toEqual(["completed", "completed", "completed"]);
    results.forEach((result, i) => {
      expect(result.finalResponse).toContain(`You asked: "${QUESTIONS[i]}"`);
    });
    expect(new Set(results.map((result) => result.threadId)).size).toBe(3);
    expect(t.model.requests).toHaveLength(3);

    // all three answers were streaming before the first one finished: the turns overlapped
    const lines = out.text.split("\n");
    const lastStreaming = Math.max(...[1, 2, 3].map((n) => lines.indexOf(`[${n}] streaming…`)));
    const firstDone = Math.min(
      ...[1, 2, 3].map((n) => lines.findIndex((l) => l.startsWith(`[${n}] completed`))),
    );
    expect(lines.filter((line) => line.endsWith("streaming…"))).toHaveLength(3);
    expect(lastStreaming).toBeLessThan(firstDone);
    expect(lines.at(-2)).toContain(`[3] You asked: "${QUESTIONS[2]}"`);
  });
});
