import { Reply } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { closeAll, startBridge, structured, textOf } from "./support/bridge.js";

afterEach(closeAll);

describe("bad arguments", () => {
  test("each gets a tool error with a clear message, and the server keeps serving", async () => {
    const bridge = await startBridge({
      script: [Reply.message("still here")],
      args: ["--max-prompt-bytes", "1000"],
    });
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ["codex_run", {}, /Input validation error.*prompt: Invalid input: expected string, received undefined/],
      [
        "codex_run",
        { prompt: 42 },
        /Input validation error.*prompt: Invalid input: expected string, received number/,
      ],
      ["codex_run", { prompt: "" }, /Input validation error.*prompt: .*>=1 characters/],
      ["codex_run", { prompt: "   " }, /codex_run: prompt must not be empty/],
      [
        "codex_run",
        { prompt: "x".repeat(1001) },
        /codex_run: prompt is 1001 bytes; the operator's limit is 1000 bytes/,
      ],
      [
        "codex_run",
        { prompt: "hi", sandBox: "read-only" },
        /Input validation error.*Unrecognized key: "sandBox"/,
      ],
      [
        "codex_run",
        { prompt: "hi", sandbox: "everything" },
        /sandbox: Invalid option: expected one of "read-only"\|"workspace-write"\|"danger-full-access"/,
      ],
      [
        "codex_run",
        { prompt: "hi", outputSchema: { type: "string" } },
        /outputSchema must be a JSON Schema whose root has "type": "object"/,
      ],
      [
        "codex_run",
        { prompt: "hi", outputSchema: { type: "object", properties: 5 } },
        /outputSchema is not a valid JSON Schema/,
      ],
      [
        "codex_run",
        { prompt: "hi", threadId: "00000000-0000-7000-8000-000000000000" },
        /unknown threadId "00000000-0000-7000-8000-000000000000"/,
      ],
      ["codex_run", { prompt: "hi", threadId: "not-a-thread" }, /unknown threadId "not-a-thread"/],
      ["codex_read_thread", { threadId: "00000000-0000-7000-8000-000000000000" }, /unknown threadId/],
      ["codex_list_threads", { limit: 0 }, /Input validation error.*limit/s],
    ];
    for (const [tool, args, message] of cases) {
      const result = await bridge.call(tool, args);
      expect(result.isError, `${tool} ${JSON.stringify(args).slice(0, 80)}`).toBe(true);
      expect(textOf(result)).toMatch(message);
    }
    // An unknown tool is a protocol error (JSON-RPC -32602), as the MCP spec has it, not a tool result.
    await expect(bridge.call("codex_nope", {})).rejects.toThrow(/Tool codex_nope not found/);
    expect(bridge.model.requests).toHaveLength(0);
    expect(structured(await bridge.call("codex_run", { prompt: "are you there?" }))).toMatchObject({
      finalResponse: "still here",
    });
  });
});
