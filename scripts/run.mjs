#!/usr/bin/env node
// The two set-up commands of the README, on a fresh machine with only Node 20 + npm:
//   npm run demo   install everything, build, run one real turn through a real codex app-server
//   npm test       install everything, run the whole test suite (what .ci/run runs)
// pnpm is taken from PATH when it is the pinned version, otherwise installed into .tools/ (no root needed).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { delimiter, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const task = process.argv[2];
const examples = join(root, "packages", "examples");
// Each step: [command, args, cwd?]. "pnpm" is the pinned pnpm (from PATH or .tools/); other commands are the
// workspace's own bins, run directly (each pnpm start costs about a second).
const tasks = {
  // the demo needs @codexkit/testing and what it depends on (node, core): not the bridge or the bench
  demo: [
    ["pnpm", ["install", "--frozen-lockfile"]],
    [
      join(root, "node_modules", ".bin", "turbo"),
      ["run", "build", "--filter=@codexkit/testing...", "--output-logs=errors-only"],
    ],
    [join(examples, "node_modules", ".bin", "tsx"), ["src/demo.ts"], examples],
  ],
  test: [
    ["pnpm", ["install", "--frozen-lockfile"]],
    ["pnpm", ["run", "test:all"]],
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

/**
 * Whether `pnpm install --frozen-lockfile` would change nothing: the lockfile is the one pnpm last installed
 * (it keeps a copy in node_modules/.pnpm/lock.yaml) and every workspace package has its node_modules.
 * Skipping the no-op install saves several seconds on every warm run.
 */
function installedFromThisLockfile() {
  try {
    const installed = readFileSync(join(root, "node_modules", ".pnpm", "lock.yaml"), "utf8");
    if (installed !== readFileSync(join(root, "pnpm-lock.yaml"), "utf8")) return false;
    const packages = readdirSync(join(root, "packages"), { withFileTypes: true }).filter((d) =>
      d.isDirectory(),
    );
    return packages.every((d) => existsSync(join(root, "packages", d.name, "node_modules")));
  } catch {
    return false;
  }
}

for (const [command, args, cwd = root] of tasks[task]) {
  if (task === "demo" && command === "pnpm" && args[0] === "install" && installedFromThisLockfile()) {
    console.log("> dependencies are installed from this pnpm-lock.yaml: skipping pnpm install");
    continue;
  }
  const shown =
    command === "pnpm" ? "pnpm" : relative(root, command).replace(/^node_modules[\\/]\.bin[\\/]/, "");
  console.log(`> ${shown} ${args.join(" ")}`);
  // workspace bins are .cmd shims on Windows, which only a shell can run
  const windowsBin = process.platform === "win32" && command !== "pnpm";
  const result = spawnSync(windowsBin ? `"${command}.cmd"` : command, args, {
    stdio: "inherit",
    cwd,
    env,
    shell: windowsBin,
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
