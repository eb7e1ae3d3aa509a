#!/usr/bin/env node
// `changeset status` with a base that makes sense wherever it runs, so a change to a package without a
// changeset shows up (and fails) instead of being compared against itself:
//   - on a branch with commits of its own: since where it left the base branch (origin/main, else main);
//   - on the base branch itself (CI on a clean clone of main): since the last release, i.e. the last commit
//     that wrote a packages/*/CHANGELOG.md (what `changeset version` does), or the repository's first
//     commit before any release.
// `--since=<ref>` overrides the choice. Changesets counts a package as changed when any file in it
// changed; for a change that needs no release run `pnpm changeset add --empty`.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { baseBranch = "main" } = JSON.parse(readFileSync(join(root, ".changeset", "config.json"), "utf8"));

function git(...args) {
  try {
    return execFileSync("git", args, {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}

function chooseBase() {
  const override = process.argv.find((arg) => arg.startsWith("--since="))?.slice("--since=".length);
  if (override) return { ref: override, why: "--since" };
  const head = git("rev-parse", "HEAD");
  for (const branch of [`origin/${baseBranch}`, baseBranch]) {
    if (!git("rev-parse", "--verify", "--quiet", `${branch}^{commit}`)) continue;
    const forkPoint = git("merge-base", branch, "HEAD");
    if (forkPoint && forkPoint !== head) return { ref: forkPoint, why: `where this branch left ${branch}` };
    break; // HEAD is on (or behind) the base branch: compare with the last release instead
  }
  const lastRelease = git("log", "-1", "--format=%H", "--", "packages/*/CHANGELOG.md");
  if (lastRelease) return { ref: lastRelease, why: "the last release (last commit writing a CHANGELOG.md)" };
  const [first] = (git("rev-list", "--max-parents=0", "HEAD") ?? "").split("\n");
  return { ref: first, why: "the first commit (nothing released yet)" };
}

if (git("rev-parse", "--is-shallow-repository") === "true") {
  console.warn(
    "warning: shallow clone; history before the clone's depth is not compared (fetch with --unshallow)",
  );
}
const { ref, why } = chooseBase();
if (!ref) {
  console.error("changeset:status: not a git repository with commits");
  process.exit(1);
}
console.log(`changeset status --since=${ref.slice(0, 12)} (${why})`);
const bin = join(root, "node_modules", ".bin", process.platform === "win32" ? "changeset.cmd" : "changeset");
const result = spawnSync(bin, ["status", `--since=${ref}`], { cwd: root, stdio: "inherit" });
if (result.error) console.error(`could not run ${bin}: ${result.error.message}`);
process.exit(result.status ?? 1);
