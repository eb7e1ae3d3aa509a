import { TurnFailedError } from "@codexkit/node";
import { expect, test } from "vitest";
import { createTestCodex, Reply } from "../src/index.js";

test("a script that runs out mid-turn rejects run() with TurnFailedError naming the request and the tool output it asked about", async () => {
  const t = await createTestCodex({
    script: [Reply.execCommand("echo unanswered", { callId: "call_last" })],
    home: { sandbox: "danger-full-access" },
  });
  try {
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const error = await thread.run("run something").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnFailedError);
    const { turnError, result } = error as TurnFailedError;
    expect(turnError?.codexErrorInfo).toBe("other");
    expect(turnError?.message).toMatch(
      /^ScriptedModel: script exhausted at model request #1: no scripted reply left\. Last input: function_call_output of call_last: ".*Output:\\nunanswered\\n"\. Add replies to the script or with model\.enqueue\(\.\.\.\)\.$/,
    );
    expect(turnError?.message).not.toMatch(/high demand/);
    expect(result.status).toBe("failed");
    expect(t.model.unscriptedRequests).toEqual([t.model.request(1)]);
    expect(t.model.functionCallOutputs(1).map((output) => output.callId)).toEqual(["call_last"]);
  } finally {
    await t.dispose();
  }
});
