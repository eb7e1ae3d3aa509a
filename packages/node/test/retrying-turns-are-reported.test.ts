import type { CodexWarning } from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

describe("a turn the server retries is visible to run() callers", () => {
  it("a dropped model stream retried once: onWarning turn_retrying, result.retries, and the turn completes", async () => {
    const warnings: CodexWarning[] = [];
    await using t = await createTestCodex({
      script: [Reply.failed("server_error", "model exploded"), Reply.message("second time lucky")],
      // the harness's provider retries nothing; this home allows one stream retry
      home: { extraConfig: { model_providers: { mock: { stream_max_retries: 1 } } } },
      codex: { onWarning: (w) => warnings.push(w) },
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const result = await thread.run("try twice");

    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("second time lucky");
    expect(t.model.requests).toHaveLength(2);
    expect(result.retries).toHaveLength(1);
    expect(result.retries[0]).toMatchObject({
      message: expect.stringMatching(/^Reconnecting\.\.\. 1\/1/),
      additionalDetails: expect.stringContaining("model exploded"),
    });
    expect(warnings).toEqual([
      {
        code: "turn_retrying",
        message: expect.stringContaining(`turn ${result.id} hit an error and the server is retrying`),
        threadId: thread.id,
        turnId: result.id,
        turnError: result.retries[0],
      },
    ]);
  });
});
