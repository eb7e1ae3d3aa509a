import { existsSync } from "node:fs";
import { createCodexHome, ScriptedModel } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { bridgeBin, main, PROMPT, script } from "../src/mcp-client.js";
import { captureOutput } from "./support/capture.js";

describe("MCP client example", () => {
  it("lists the bridge's tools, runs a task through codex_run and finds its thread", async () => {
    expect(existsSync(bridgeBin())).toBe(true);
    await using model = await ScriptedModel.start({ script: script() });
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    const out = captureOutput();

    const outcome = await main({ codexHome: home.path, cwd: home.workspace, out });

    expect(outcome.tools).toEqual(
      expect.arrayContaining(["codex_run", "codex_list_threads", "codex_read_thread"]),
    );
    expect(outcome.run).toMatchObject({ status: "completed", finalResponse: "42" });
    expect(outcome.listedThreadIds).toContain(outcome.run.threadId);
    // the bridge's own codex app-server sent the prompt to the scripted model
    expect(model.requests).toHaveLength(1);
    expect(model.inputTexts(0, "user")).toContain(PROMPT);
    expect(out.text).toContain(`completed: 42 (thread ${outcome.run.threadId}, `);
  });
});
