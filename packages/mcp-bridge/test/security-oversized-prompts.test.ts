import { Reply } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { closeAll, startBridge, structured, textOf } from "./support/bridge.js";

afterEach(closeAll);

describe("security: oversized prompts are refused with a clear error before anything starts", () => {
  test("the limit counts UTF-8 bytes, not characters; a prompt of exactly the limit runs", async () => {
    const bridge = await startBridge({
      script: [Reply.message("fits")],
      args: ["--max-prompt-bytes", "1000"],
    });
    const euro = "€".repeat(334); // 334 characters, 1002 bytes
    const refused = await bridge.call("codex_run", { prompt: euro });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toBe(
      "codex_run: prompt is 1002 bytes; the operator's limit is 1000 bytes (--max-prompt-bytes)",
    );
    expect(bridge.model.requests).toHaveLength(0);
    expect(bridge.appServers()).toEqual([]);
    const exact = `${"€".repeat(333)}a`; // 1000 bytes
    expect(structured(await bridge.call("codex_run", { prompt: exact }))).toMatchObject({
      finalResponse: "fits",
    });
  });

  test("the default limit is 100 KiB; a 5 MB prompt is refused without starting anything, and the server keeps serving", async () => {
    const bridge = await startBridge({ script: [Reply.message("still here")] });
    for (const bytes of [100 * 1024 + 1, 5 * 1024 * 1024]) {
      const result = await bridge.call("codex_run", { prompt: "x".repeat(bytes) });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe(
        `codex_run: prompt is ${bytes} bytes; the operator's limit is 102400 bytes (--max-prompt-bytes)`,
      );
    }
    expect(bridge.model.requests).toHaveLength(0);
    expect(bridge.appServers()).toEqual([]);
    // the refusals are logged without the prompt
    expect(bridge.stderr()).toMatch(/codex_run refused \(invalid_argument\): prompt is 5242880 bytes/);
    expect(bridge.stderr()).not.toContain("xxxxxxxxxx");
    expect(structured(await bridge.call("codex_run", { prompt: "small" }))).toMatchObject({
      finalResponse: "still here",
    });
  });
});
