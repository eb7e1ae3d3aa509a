import { createTestCodex } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { FIRST_PROMPT, FORK_PROMPT, main, RESUME_PROMPT, script } from "../src/threads.js";
import { captureOutput } from "./support/capture.js";

describe("threads example", () => {
  it("lists, forks, resumes and archives threads", async () => {
    await using t = await createTestCodex({ script: script() });
    const out = captureOutput();

    const outcome = await main({ codex: t.codex, cwd: t.workspace, out });

    expect(outcome.forkId).not.toBe(outcome.originalId);
    expect(outcome.listedBefore).toEqual(expect.arrayContaining([outcome.originalId, outcome.forkId]));
    expect(outcome.listedBefore).toHaveLength(2);
    expect(outcome.listedAfter).toEqual([outcome.originalId]);
    expect(outcome.archived).toEqual([outcome.forkId]);
    expect(outcome.resumedAnswer).toBe("Bluebird");

    // the fork's first request carries the original's history; so does the resumed thread's
    expect(t.model.inputTexts(1, "user")).toEqual(expect.arrayContaining([FIRST_PROMPT, FORK_PROMPT]));
    expect(t.model.inputTexts(2, "user")).toEqual(expect.arrayContaining([FIRST_PROMPT, RESUME_PROMPT]));
    // …but the resumed original does not see what happened in the fork
    expect(t.model.inputTexts(2, "user")).not.toContain(FORK_PROMPT);

    expect(out.text).toContain(`  ${outcome.originalId} "codename": `);
    expect(out.text).toContain(`  ${outcome.forkId} "codename: logo ideas": `);
    expect(out.text).toContain(
      `forked ${outcome.originalId} into ${outcome.forkId} (forkedFromId: ${outcome.originalId})`,
    );
    expect(out.text).toMatch(/archived threads \(1\):\n {2}\S+/);
  });
});
