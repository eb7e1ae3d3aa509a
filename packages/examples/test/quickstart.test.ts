import { createTestCodex } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { main, PROMPT, script } from "../src/quickstart.js";
import { captureOutput } from "./support/capture.js";

describe("quickstart example", () => {
  it("runs one turn and prints the answer with its token count", async () => {
    await using t = await createTestCodex({ script: script() });
    const out = captureOutput();

    const result = await main({ codex: t.codex, cwd: t.workspace, out });

    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe(
      "Hello! I can list, read and edit the files in this directory for you.",
    );
    expect(out.text).toBe(
      `> ${PROMPT}\nHello! I can list, read and edit the files in this directory for you.\nstatus: completed, tokens: 1218\n`,
    );
    expect(t.model.requests).toHaveLength(1);
    expect(t.model.inputTexts(0, "user")).toContain(PROMPT);
  });
});
