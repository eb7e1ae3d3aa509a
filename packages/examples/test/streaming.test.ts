import { createTestCodex } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { main, PROMPT, script } from "../src/streaming.js";
import { captureOutput } from "./support/capture.js";

const ANSWER = "The directory is empty apart from `.` and `..`. There is nothing to build or run yet.";
const REASONING = "Listing the directory first.";
const ERASE_LINE = "\r\u001b[2K";

describe("streaming example", () => {
  it("prints each finished item as a line, in order, and no status line when not on a terminal", async () => {
    await using t = await createTestCodex({ script: script() });
    const out = captureOutput();

    const result = await main({ codex: t.codex, cwd: t.workspace, out });

    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe(ANSWER);
    expect(out.text).not.toContain("\r");
    const lines = out.text.trimEnd().split("\n");
    expect(lines[0]).toBe(`> ${PROMPT}`);
    expect(lines[1]).toMatch(/^▶ turn \S+ started$/);
    expect(lines.slice(2, -2)).toEqual([
      `  ✓ reasoning: ${REASONING}`,
      expect.stringMatching(/^ {2}✓ ran `.*ls -la.*` \(exit 0\)$/),
      `  ✓ answer: ${ANSWER}`,
    ]);
    expect(lines.at(-2)).toMatch(/^■ turn completed in \d+ ms$/);
    expect(lines.at(-1)).toMatch(
      new RegExp(`^\\d+ events, ${REASONING.length + ANSWER.length} characters streamed, \\d+ tokens$`),
    );
    // the second model request carries the command's output back to the model
    expect(t.model.functionCallOutputs(1)[0]?.output).toContain("Process exited with code 0");
  });

  it("redraws a live status line in place on a terminal while the answer streams", async () => {
    await using t = await createTestCodex({ script: script() });
    const out = captureOutput({ isTTY: true, columns: 200 });

    await main({ codex: t.codex, cwd: t.workspace, out, tickMs: 10_000 });

    const frames = out.chunks.filter(
      (chunk) => chunk.startsWith(ERASE_LINE) && chunk.length > ERASE_LINE.length,
    );
    const writing = frames.filter((frame) => frame.includes("writing the answer"));
    expect(writing.length).toBeGreaterThan(3);
    const counts = frames.map((frame) => Number(/ (\d+) chars streamed/.exec(frame)?.[1]));
    expect(counts.every((count, i) => i === 0 || count >= counts[i - 1]!)).toBe(true);
    // the status showed the answer arriving part by part, not only its end
    const partial = writing.map((frame) => Number(/ (\d+) chars streamed/.exec(frame)?.[1]));
    expect(
      partial.some((count) => count > REASONING.length && count < REASONING.length + ANSWER.length),
    ).toBe(true);
    expect(frames.some((frame) => / \d+ tokens · /.test(frame))).toBe(true);
    // the status line is erased before the summary is printed
    expect(out.chunks.at(-2)).toBe(ERASE_LINE);
    expect(out.chunks.at(-1)).toMatch(/characters streamed/);
  });
});
