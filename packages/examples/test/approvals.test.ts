import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestCodex } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { main, PROMPT, script } from "../src/approvals.js";
import { captureOutput } from "./support/capture.js";

describe("approvals example", () => {
  it("asks about the escalated command and runs it when the answer is yes", async () => {
    await using t = await createTestCodex({ script: script() });
    const out = captureOutput();
    const questions: string[] = [];

    const result = await main({
      codex: t.codex,
      cwd: t.workspace,
      out,
      ask: async (question) => {
        questions.push(question);
        return true;
      },
    });

    expect(questions).toEqual([
      expect.stringMatching(
        /^Allow the agent to run `.*echo hello > hello\.txt.*` \(Writing hello\.txt needs write access\.\)\?$/,
      ),
    ]);
    expect(await readFile(join(t.workspace, "hello.txt"), "utf8")).toBe("hello\n");
    expect(result.items.find((item) => item.type === "commandExecution")).toMatchObject({
      status: "completed",
    });
    expect(out.text).toContain("  → accept\n");
    expect(out.text).toMatch(/command `.*echo hello > hello\.txt.*`: completed/);
    expect(t.model.inputTexts(0, "user")).toContain(PROMPT);
  });

  it("does not run the command when the answer is no, and the model is told it was declined", async () => {
    await using t = await createTestCodex({ script: script() });
    const out = captureOutput();

    const result = await main({ codex: t.codex, cwd: t.workspace, out, ask: async () => false });

    expect(result.status).toBe("completed");
    await expect(access(join(t.workspace, "hello.txt"))).rejects.toThrow(/ENOENT/);
    expect(result.items.find((item) => item.type === "commandExecution")).toMatchObject({
      status: "declined",
    });
    expect(out.text).toContain("  → decline\n");
    expect(t.model.requests).toHaveLength(2);
    expect(t.model.functionCallOutputs(1)[0]?.output).toMatch(/rejected|declined|denied/i);
  });
});
