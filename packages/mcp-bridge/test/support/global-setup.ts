import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The tests spawn the built bin: (re)build it when dist/cli.js is missing or older than the sources. */
export default function setup(): void {
  const sources = Math.max(newestSource(join(root, "src")), statSync(join(root, "tsup.config.ts")).mtimeMs);
  let built = 0;
  try {
    built = statSync(join(root, "dist", "cli.js")).mtimeMs;
  } catch {
    built = 0;
  }
  if (built < sources) execFileSync("pnpm", ["run", "build"], { cwd: root, stdio: "inherit" });
}
