import { createTestCodex } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { main, PROMPT, script } from "../src/custom-tools.js";
import { captureOutput } from "./support/capture.js";

describe("custom-tools example", () => {
  it("runs a plain tool, a namespace and a timed-out async tool; the model gets every answer", async () => {
    await using t = await createTestCodex({ script: script() });
    const out = captureOutput();

    const result = await main({ codex: t.codex, cwd: t.workspace, out });

    expect(result.status).toBe("completed");
    expect(t.model.inputTexts(0, "user")).toContain(PROMPT);
    expect(t.model.toolNames(0)).toEqual(expect.arrayContaining(["lookup_weather", "crm", "search_archive"]));
    const outputs = new Map(t.model.functionCallOutputs(3).map((o) => [o.callId, o.output]));
    expect(outputs.get("call_weather")).toBe("18°C and sunny in Paris");
    expect(JSON.parse(outputs.get("call_find") ?? "null")).toMatchObject({ id: 7, name: "Ada Lovelace" });
    expect(JSON.parse(outputs.get("call_update") ?? "null")).toMatchObject({
      updated: true,
      customer: { email: "ada@lovelace.dev" },
    });
    expect(outputs.get("call_search")).toBe("Tool call failed: search_archive timed out after 300 ms.");
    expect(out.text).toMatch(/tool crm\.update_email\(\{"id":7,"email":"ada@lovelace\.dev"\}\) ok in \d+ ms/);
    expect(out.text).toMatch(/tool search_archive\(\{"query":"Ada"\}\) failed in \d+ ms: Tool call failed:/);
  });
});
