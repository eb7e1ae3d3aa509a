import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

describe("smoke", () => {
  it("runs a turn", async () => {
    await using t = await createTestCodex({ script: [Reply.message("hello there")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const result = await thread.run("hi");
    expect(result.finalResponse).toBe("hello there");
    expect(result.status).toBe("completed");
    console.log(JSON.stringify({ ...result, items: result.items.map((i) => i.type) }), t.codex.stats());
  });
});
