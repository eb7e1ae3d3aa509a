import { CodexPool } from "@codexkit/node";
import { createCodexHome, Reply, ScriptedModel } from "@codexkit/testing";
import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import { createCodexProvider } from "../src/index.js";
import "./support/test-codex.js";

describe("a CodexPool as the provider's client", () => {
  it("places the conversation's thread on a member, continues it there, and leaves the pool open", async () => {
    await using model = await ScriptedModel.start({ script: [Reply.message("One."), Reply.message("Two.")] });
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    const pool = new CodexPool({
      size: 1,
      codexHome: home.path,
      cwd: home.workspace,
      env: { RUST_LOG: "warn", ...home.env },
    });
    try {
      const codex = createCodexProvider({ codex: pool, cwd: home.workspace });
      const one = await generateText({ model: codex("gpt-test"), prompt: "Count." });
      const two = await generateText({
        model: codex("gpt-test"),
        messages: [
          { role: "user", content: "Count." },
          ...one.response.messages,
          { role: "user", content: "Again." },
        ],
      });
      expect([one.text, two.text]).toEqual(["One.", "Two."]);
      expect(two.providerMetadata?.codex?.threadId).toBe(one.providerMetadata?.codex?.threadId);
      await codex.close();
      // the pool is the caller's: still usable after the provider closed
      model.enqueue(Reply.message("Still here."));
      const thread = await pool.threadStart({ cwd: home.workspace });
      expect((await thread.run("Hello?")).finalResponse).toBe("Still here.");
    } finally {
      await pool.close();
    }
  });
});
