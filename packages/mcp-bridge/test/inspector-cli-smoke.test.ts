import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Reply, scaledTimeout } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { CLI, closeAll, startBackend } from "./support/bridge.js";

afterEach(closeAll);

const run = promisify(execFile);
const inspector = join(
  dirname(createRequire(import.meta.url).resolve("@modelcontextprotocol/inspector-cli/package.json")),
  "build",
  "cli.js",
);
// inspector-cli 1.0.3 finds its own package.json as `../package.json` relative to the *cwd*: run it from a
// directory whose parent has one (this test directory: the parent is the package root).
const cwd = fileURLToPath(new URL(".", import.meta.url));

describe("MCP Inspector (CLI mode) smoke test", () => {
  test("tools/list and tools/call against the real bin", async () => {
    const backend = await startBackend([Reply.message("Hello, Inspector!")]);
    const env = { ...process.env, ...backend.home.env, RUST_LOG: "warn" };
    const base = [
      inspector,
      "--cli",
      process.execPath,
      CLI,
      "--allow-root",
      backend.home.workspace,
      "--log-level",
      "warn",
    ];

    const list = await run(process.execPath, [...base, "--method", "tools/list"], {
      cwd,
      env,
      timeout: scaledTimeout(30_000),
    });
    const { tools } = JSON.parse(list.stdout) as { tools: Array<{ name: string; outputSchema?: unknown }> };
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      "codex_interrupt",
      "codex_list_threads",
      "codex_read_thread",
      "codex_review",
      "codex_run",
      "codex_wait",
    ]);
    expect(tools.every((tool) => tool.outputSchema !== undefined)).toBe(true);

    const call = await run(
      process.execPath,
      [...base, "--method", "tools/call", "--tool-name", "codex_run", "--tool-arg", "prompt=Say hello"],
      {
        cwd,
        env,
        timeout: scaledTimeout(30_000),
      },
    );
    const result = JSON.parse(call.stdout) as {
      isError?: boolean;
      structuredContent: { status: string; finalResponse: string };
    };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      status: "completed",
      finalResponse: "Hello, Inspector!",
    });
    expect(backend.model.inputTexts(0, "user")).toContain("Say hello");
  });
});
