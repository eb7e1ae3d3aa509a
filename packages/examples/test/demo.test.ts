import { createTestCodex } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { main, PROMPT, script } from "../src/demo.js";
import { captureOutput } from "./support/capture.js";

describe("README demo", () => {
  it("streams the scripted turn: reasoning, a real command, then the answer", async () => {
    await using t = await createTestCodex({ script: script(), home: { sandbox: "read-only" } });
    const out = captureOutput();

    const result = await main({ codex: t.codex, cwd: t.workspace, out });

    expect(result.status).toBe("completed");
    expect(result.items.map((item) => item.type)).toEqual([
      "userMessage",
      "reasoning",
      "commandExecution",
      "agentMessage",
    ]);
    expect(out.text).toMatch(/^app-server: \S+/);
    expect(out.text).toContain(`> ${PROMPT}\n▶ turn `);
    expect(out.text).toMatch(/✓ ran `.*ls -a && echo listed.*` \(exit 0\)/);
    expect(out.text).toContain(`final response: ${result.finalResponse}`);
    // the command really ran: its output went back to the model
    expect(t.model.functionCallOutputs(1)[0]?.output).toContain("listed");
  });
});
