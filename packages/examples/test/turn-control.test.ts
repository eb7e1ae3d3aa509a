import { createTestCodex, scaledTimeout } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import {
  INTERRUPT_PROMPT,
  main,
  STEER_INPUT,
  STEER_PROMPT,
  script,
  TIMEOUT_PROMPT,
} from "../src/turn-control.js";
import { captureOutput } from "./support/capture.js";

describe("turn control example", () => {
  it("steers a running turn, interrupts one, and times one out", async () => {
    await using t = await createTestCodex({ script: script() });
    const out = captureOutput();
    // the timed turn stalls: only the deadline ends it (long enough for it to reach the model first)
    const outcome = await main({ codex: t.codex, cwd: t.workspace, out, timeoutMs: scaledTimeout(3_000) });

    // steer: the steer text reached the model in the same turn, and the answer followed it
    expect(outcome.steered.status).toBe("completed");
    expect(outcome.steered.finalResponse).toMatch(/^Waves roll in/);
    expect(t.model.inputTexts(1, "user")).toEqual(expect.arrayContaining([STEER_PROMPT, STEER_INPUT]));
    expect(t.model.inputTexts(0, "user")).not.toContain(STEER_INPUT);

    // interrupt: stopped mid-stream, with what arrived so far
    expect(outcome.interrupted.status).toBe("interrupted");
    expect(outcome.interrupted.id).not.toBe(outcome.steered.id);
    expect(out.text).toContain("interrupted after 5 lines\n");
    expect(t.model.inputTexts(2, "user")).toContain(INTERRUPT_PROMPT);

    // timeout: the signal interrupted the stalled turn
    expect(outcome.timedOutStatus).toBe("interrupted");
    expect(t.model.inputTexts(3, "user")).toContain(TIMEOUT_PROMPT);
    expect(out.text).toMatch(/aborted: turn \S+ was aborted; the turn ended interrupted\n$/);
    expect(t.model.pendingReplies).toBe(0);
  });
});
