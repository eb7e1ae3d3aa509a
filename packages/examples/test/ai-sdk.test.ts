import { createTestCodex } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { ANSWER, main, PROMPT, script } from "../src/ai-sdk.js";
import { captureOutput } from "./support/capture.js";

describe("ai-sdk example", () => {
  it("runs the caller's AI SDK tool inside the Codex turn and streams the answer in a second step", async () => {
    await using t = await createTestCodex({ script: script() });
    const out = captureOutput();

    const result = await main({ codex: t.codex, cwd: t.workspace, out });

    expect(result.text).toBe(ANSWER);
    expect(result.steps).toBe(2);
    expect(out.text).toContain('[tool] lookup_order({"id":"A-17"})');
    expect(out.text).toContain("[step finished: tool-calls]");
    expect(out.text).toContain(`${ANSWER}[step finished: stop]`);
    // one Codex turn: the model's second request carries the tool's output
    expect(t.model.requests).toHaveLength(2);
    expect(t.model.inputTexts(0, "user")).toContain(PROMPT);
    expect(t.model.functionCallOutputs(1)[0]).toMatchObject({ callId: "call_order_a17" });
    expect(JSON.stringify(t.model.functionCallOutputs(1)[0]?.output)).toContain("DHL");
  });
});
