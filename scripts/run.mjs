#!/usr/bin/env node
// The two set-up commands of the README, on a fresh machine with only Node 20 + npm:
//   npm run demo   install everything, build, run one real turn through a real codex app-server
//   npm test       install everything, run the whole test suite (what .ci/run runs)
// pnpm is taken from PATH when it is the pinned version, otherwise installed into .tools/ (no root needed).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const task = process.argv[2];
const tasks = {
  demo: [
    ["install", "--frozen-lockfile"],
    ["run", "demo:run"],
  ],
  test: [
    ["install", "--frozen-lockfile"],
    ["run", "test:all"],
  ],
};
if (!tasks[task]) {
  console.error(`usage: node scripts/run.mjs ${Object.keys(tasks).join("|")}`);
  process.exit(2);
}

function pnpmVersion(env) {
  const result = spawnSync("pnpm", ["--version"], { env, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const env = { ...process.env };
if (pnpmVersion(env) !== pinned) {
  const tools = join(root, ".tools");
  if (!existsSync(join(tools, "node_modules", ".bin", "pnpm"))) {
    console.log(`> installing pnpm@${pinned} into .tools/`);
    execFileSync("npm", ["install", "--no-save", "--no-package-lock", "--prefix", tools, `pnpm@${pinned}`], {
      stdio: "inherit",
      cwd: root,
    });
  }
  env.PATH = `${join(tools, "node_modules", ".bin")}${delimiter}${env.PATH ?? ""}`;
}

for (const args of tasks[task]) {
  console.log(`> pnpm ${args.join(" ")}`);
  const result = spawnSync("pnpm", args, { stdio: "inherit", cwd: root, env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
