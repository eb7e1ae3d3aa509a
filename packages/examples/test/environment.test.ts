import { existsSync } from "node:fs";
import { Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { apiKeyFrom, describeEnvironment, openEnvironment } from "../src/support/environment.js";

describe("example environment", () => {
  it("uses the real model only when OPENAI_API_KEY has a value", () => {
    expect(apiKeyFrom({})).toBeUndefined();
    expect(apiKeyFrom({ OPENAI_API_KEY: "" })).toBeUndefined();
    expect(apiKeyFrom({ OPENAI_API_KEY: "   " })).toBeUndefined();
    expect(apiKeyFrom({ OPENAI_API_KEY: " sk-abc \n" })).toBe("sk-abc");
  });

  it("without a key, starts a real app-server against the scripted model and cleans up after itself", async () => {
    const environment = await openEnvironment({ env: {}, script: [Reply.message("scripted hello")] });
    try {
      expect(environment.mode).toBe("scripted");
      expect(environment.codex.pid).toBeGreaterThan(0);
      expect(describeEnvironment(environment)).toBe(
        `using the embedded scripted model at ${environment.model?.baseUrl} (set OPENAI_API_KEY for the real one)`,
      );
      const thread = await environment.codex.threadStart({ cwd: environment.cwd });
      expect((await thread.run("hi")).finalResponse).toBe("scripted hello");
    } finally {
      await environment.dispose();
    }
    expect(environment.codex.isClosed).toBe(true);
    expect(existsSync(environment.codexHome)).toBe(false);
    expect(existsSync(environment.cwd)).toBe(false);
  });
});
