import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ApprovalRequest } from "@codexkit/node";
import { Reply } from "@codexkit/testing";
import { generateText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCodexProvider } from "../src/index.js";
import { startTestCodex, type TestCodex } from "./support/test-codex.js";

let t: TestCodex;

beforeAll(async () => {
  t = await startTestCodex();
});
afterAll(async () => {
  await t?.dispose();
});

const escalated = (file: string) => [
  Reply.execCommand(`echo hi > ${file}`, {
    sandboxPermissions: "require_escalated",
    justification: `Write ${file}.`,
  }),
  Reply.message("Done."),
];

describe("approvals", () => {
  it("asks the provider's onApproval, and runs the command it accepts", async () => {
    const asked: ApprovalRequest[] = [];
    await using codex = createCodexProvider({
      codex: t.codex,
      cwd: t.workspace,
      sandbox: "readOnly",
      approvalMode: "ask",
      onApproval: (request) => {
        asked.push(request);
        return "accept";
      },
    });
    t.model.enqueue(...escalated("yes.txt"));
    await generateText({ model: codex("gpt-test"), prompt: "Write yes.txt." });
    expect(asked.map((request) => request.kind)).toEqual(["commandExecution"]);
    expect(await readFile(join(t.workspace, "yes.txt"), "utf8")).toBe("hi\n");
  });

  it("declines without a handler (fail-closed): the command does not run and the turn stops", async () => {
    await using codex = createCodexProvider({
      codex: t.codex,
      cwd: t.workspace,
      sandbox: "readOnly",
      approvalMode: "ask",
    });
    t.model.enqueue(escalated("no.txt")[0]!);
    const before = t.model.requests.length;
    const result = await generateText({ model: codex("gpt-test"), prompt: "Write no.txt." });
    await expect(access(join(t.workspace, "no.txt"))).rejects.toThrow(/ENOENT/);
    // codexkit's default answer is the safest the server offers (here "cancel", which also ends the turn)
    expect(result.content).toContainEqual(
      expect.objectContaining({
        type: "tool-error",
        providerExecuted: true,
        error: expect.objectContaining({ status: "declined" }),
      }),
    );
    expect(result.finishReason).toBe("other");
    expect(result.text).toBe("");
    expect(t.model.requests.length - before).toBe(1); // the model was not asked again
  });
});
