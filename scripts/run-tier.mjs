#!/usr/bin/env node
// Runs one test tier (a package script such as test:app-server) in every workspace package that has it, two
// packages at a time, longest first. `turbo run` starts them in dependency order instead, which put the bench's
// quick run (which depends on every package) alone at the end of the tier while a core sat idle; the tier is
// CPU-bound (each test starts real codex app-servers), so an idle core is time lost.
//
//   node scripts/run-tier.mjs test:app-server [--concurrency=2]
//
// Every package runs even when one fails; the exit code is 1 if any failed. Each output line is prefixed with
// the package's name, as turbo does. Run after the build: this does not build.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runPrefixed, statusLine } from "./lib/prefixed-run.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [script, ...flags] = process.argv.slice(2);
if (!script) {
  console.error("usage: node scripts/run-tier.mjs <package script> [--concurrency=N]");
  process.exit(2);
}
const concurrency = Number(flags.find((f) => f.startsWith("--concurrency="))?.split("=")[1] ?? 2);

// Longest first, from the packages' measured tier times (fresh-clone CI runs, 2 cores: node ~250 s,
// mcp-bridge ~220 s, examples ~95 s, the bench's quick run ~75 s, testing ~35 s, ai-sdk ~35 s, core ~3 s).
// A package not named here runs after these; the order only affects how long the tier takes.
const LONGEST_FIRST = ["node", "mcp-bridge", "examples", "bench", "testing", "ai-sdk", "core"];

const packages = readdirSync(join(root, "packages"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => {
    const dir = join(root, "packages", entry.name);
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      return manifest.scripts?.[script] ? { key: entry.name, name: manifest.name, dir } : undefined;
    } catch {
      return undefined;
    }
  })
  .filter((p) => p !== undefined);
const rank = (p) => {
  const i = LONGEST_FIRST.indexOf(p.key);
  return i === -1 ? LONGEST_FIRST.length : i;
};
const queue = packages.sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key));

function run(pkg) {
  const prefix = `${pkg.name}:${script}: `;
  return runPrefixed("pnpm", ["run", script], { cwd: pkg.dir, prefix }).then((result) => ({
    pkg,
    ...result,
  }));
}

const results = [];
const started = Date.now();
async function lane() {
  for (let pkg = queue.shift(); pkg !== undefined; pkg = queue.shift()) results.push(await run(pkg));
}
await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));

const total = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\n${script}: ${results.length} packages, ${concurrency} at a time, in ${total} s`);
for (const result of results) console.log(statusLine(result.pkg.name, result));
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
