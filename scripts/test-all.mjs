#!/usr/bin/env node
// Everything CI checks: `pnpm test:all`, which `npm test` (and so `.ci/run`) runs after installing.
//
//   1. the sources: generated types match the pinned codex, protocol coverage, no import circles, biome;
//   2. turbo: build, typecheck, publint + attw;
//   3. two lanes side by side, each stopping at its own first failure:
//        tests:  the fast tier of every package, then the app-server tier (scripts/run-tier.mjs);
//        checks: pack-smoke (scripts/pack-smoke.mjs), typedoc, the API reports, the changesets.
//      The checks need only the build. Run after the tests they added ~85 s to a CI run on 2 cores, and the
//      start of pack-smoke waits on the npm registry, not on the CPU;
//   4. the tests' summary (scripts/test-summary.mjs), which fails if a test failed or none ran.
//
// Stages 1 and 2 stop at the first failure. The exit code is 1 if anything failed. Lines of stage 3 are
// prefixed with their lane's step, as turbo and run-tier.mjs prefix theirs.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runPrefixed, statusLine } from "./lib/prefixed-run.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const started = Date.now();
const at = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

/** Runs one step in the foreground (its output as is); exits at once if it fails. */
function step(command, ...args) {
  console.log(`\n> ${command} ${args.join(" ")} (at ${at()})`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(" ")} failed (${result.signal ?? `exit ${result.status}`})`);
    process.exit(1);
  }
}

step("node", "scripts/check-generated.mjs");
step("node", "scripts/protocol-coverage.mjs");
step("node", "scripts/check-import-circles.mjs");
step("biome", "ci", ".");
step("turbo", "run", "build", "typecheck", "lint:package", "--output-logs=errors-only");

/** Runs `steps` one after another, each prefixed with its name; stops at the first that fails. */
async function lane(steps) {
  const done = [];
  for (const [name, command, ...args] of steps) {
    console.log(`> ${name}: ${command} ${args.join(" ")} (at ${at()})`);
    const result = await runPrefixed(command, args, { cwd: root, prefix: `${name}: ` });
    done.push({ name, ...result });
    if (result.code !== 0) break;
  }
  return done;
}

console.log(`\n> tests and checks of the build, side by side (at ${at()})`);
const lanes = await Promise.all([
  lane([
    ["test:fast", "turbo", "run", "test:fast", "--concurrency=2"],
    ["test:app-server", "node", "scripts/run-tier.mjs", "test:app-server"],
  ]),
  lane([
    ["pack-smoke", "node", "scripts/pack-smoke.mjs"],
    ["typedoc", "typedoc"],
    ["api-report", "node", "scripts/api-report.mjs"],
    ["changesets", "node", "scripts/changeset-status.mjs"],
  ]),
]);

console.log(`\nsteps run side by side (from ${at()} back):`);
for (const step of lanes.flat()) console.log(statusLine(step.name, step));
const failed = lanes.flat().some((r) => r.code !== 0);
const summary = spawnSync("node", ["scripts/test-summary.mjs"], { cwd: root, stdio: "inherit" });
process.exit(failed || summary.status !== 0 ? 1 : 0);
