import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { scaledTimeout } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

// A CommonJS caller of the built package (Node >= 20.19 require()s ES modules): both entries load, and a
// provider required this way answers through the AI SDK (`ai@6`, required too) from a real app-server.
const SCRIPT = `
const { createCodexProvider, CodexTurnFailedError } = require("@codexkit/ai-sdk");
const v7 = require("@codexkit/ai-sdk/v7");
const { generateText } = require("ai");
const { createTestCodex, Reply } = require("@codexkit/testing");
(async () => {
  const t = await createTestCodex({ script: [Reply.message("hello from require()")] });
  const codex = createCodexProvider({ codex: t.codex });
  const codex7 = v7.createCodexProvider({ codex: t.codex });
  try {
    const { text } = await generateText({ model: codex("gpt-test"), prompt: "Say hello." });
    console.log(JSON.stringify({
      text,
      v3: codex("gpt-test").specificationVersion,
      v4: codex7("gpt-test").specificationVersion,
      sameError: v7.CodexTurnFailedError === CodexTurnFailedError,
    }));
  } finally {
    await codex.close();
    await codex7.close();
    await t.dispose();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

describe("CommonJS callers", () => {
  it("require() loads both entries of the built package, and the required provider answers", async () => {
    if (!existsSync(join(packageDir, "dist", "v7.js"))) {
      throw new Error("dist/v7.js is missing: build the package first (pnpm build)");
    }
    // `-e` resolves from the working directory: the package resolves itself by name, through its exports
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=commonjs", "-e", SCRIPT], {
      cwd: packageDir,
      timeout: scaledTimeout(60_000),
    });
    expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "")).toEqual({
      text: "hello from require()",
      v3: "v3",
      v4: "v4",
      sameError: true,
    });
  });
});
