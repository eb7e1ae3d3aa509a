import { TurnFailedError } from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
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

  it("a model outage rejects with TurnFailedError; what the turn did is on error.result", async () => {
    await using t = await createTestCodex({ script: [Reply.httpError(500)] });
    const out = captureOutput();
    const error = await main({ codex: t.codex, cwd: t.workspace, out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnFailedError);
    expect((error as TurnFailedError).result.status).toBe("failed");
    expect((error as TurnFailedError).turnError?.codexErrorInfo).toBe("internalServerError");
    expect(out.text).toBe(`> ${PROMPT}\n`);
  });
});
