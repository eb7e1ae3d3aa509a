import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  isRunning,
  killLeftovers,
  SpawnedProcess,
  scaledTimeout,
  waitUntilGone,
} from "@codexkit/test-support";
import { type CodexHome, createCodexHome } from "@codexkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_APP_SERVER } from "./support/fake.js";

const packageRoot = fileURLToPath(new URL("../..", import.meta.url));
const PARENT = fileURLToPath(new URL("./fixtures/codex-parent.mjs", import.meta.url));
let bundleDir: string;
let home: CodexHome;
const leftovers: number[] = [];

beforeAll(async () => {
  // A plain Node parent cannot load the TypeScript sources: bundle them (no types, ~1 s) into a directory
  // under this package's node_modules, where the bundle's own imports (@codexkit/core, vscode-jsonrpc) resolve.
  const tsup = join(
    dirname(createRequire(import.meta.url).resolve("tsup/package.json")),
    "dist",
    "cli-default.js",
  );
  const cache = join(packageRoot, "node_modules", ".cache");
  execFileSync("mkdir", ["-p", cache]);
  bundleDir = mkdtempSync(join(cache, "codexkit-reliability-"));
  execFileSync(
    process.execPath,
    [
      tsup,
      "src/index.ts",
      "--no-config",
      "--format",
      "esm",
      "--target",
      "node20",
      "--out-dir",
      bundleDir,
      '--define.__CODEXKIT_VERSION__="0.0.0-reliability"',
      // ws is a devDependency (the package config bundles it require-free); here it stays an import
      "--external",
      "ws",
    ],
    { cwd: packageRoot, stdio: "pipe", env: { ...process.env, NODE_ENV: "test" } },
  );
  // no model is needed: the parent only starts the app-server
  home = await createCodexHome({ baseUrl: "http://127.0.0.1:9/v1" });
}, scaledTimeout(60_000));

afterAll(async () => {
  killLeftovers(leftovers);
  rmSync(bundleDir, { recursive: true, force: true });
  await home?.dispose();
});

/** Runs the parent fixture until it is gone; returns the app-server pid it printed and how it ended. */
async function runParent(how: string, options: Record<string, unknown>) {
  const parent = new SpawnedProcess(process.execPath, [PARENT, how], {
    env: {
      ...process.env,
      CODEXKIT_BUNDLE: join(bundleDir, "index.js"),
      CODEXKIT_OPTIONS: JSON.stringify(options),
    },
    stdin: "ignore",
  });
  const exit = await parent.ended;
  const { stdout, stderr } = parent;
  const pid = Number(/app-server pid=(\d+)/.exec(stdout)?.[1]);
  expect(pid, `parent output:\n${stdout}\n${stderr}`).toBeGreaterThan(0);
  leftovers.push(pid);
  return { pid, exit, stderr };
}

const realServer = () => ({ codexHome: home.path, cwd: home.workspace, env: { ...home.env } });
// A fake that ignores SIGTERM and the end of its stdin: only codexkit's exit hook (SIGKILL) can stop it.
const stubbornFake = () => ({ codexPath: FAKE_APP_SERVER, env: { FAKE_MODE: "stubborn" } });

describe.concurrent("the app-server dies when its parent process exits", () => {
  it.each([
    ["process.exit()", "exit", { code: 0, signal: null }],
    ["an uncaught exception", "throw", { code: 1, signal: null }],
    ["an unhandled rejection", "reject", { code: 1, signal: null }],
  ] as const)(
    "on %s: the real app-server and a server that ignores SIGTERM and stdin EOF are both gone",
    async (_, how, expectedExit) => {
      const [real, stubborn] = await Promise.all([
        runParent(how, realServer()),
        runParent(how, stubbornFake()),
      ]);
      expect(real.exit).toEqual(expectedExit);
      expect(stubborn.exit).toEqual(expectedExit);
      expect(await waitUntilGone([real.pid, stubborn.pid])).toEqual([]);
    },
  );

  it("on SIGKILL of the parent (no exit hook can run): the real app-server still exits, on the end of its stdin", async () => {
    const { pid, exit } = await runParent("kill", realServer());
    expect(exit).toEqual({ code: null, signal: "SIGKILL" });
    expect(await waitUntilGone([pid])).toEqual([]);
    expect(isRunning(pid)).toBe(false);
  });
});
