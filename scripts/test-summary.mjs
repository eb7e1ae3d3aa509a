#!/usr/bin/env node
// Sums the vitest JSON reports every package wrote (packages/*/.vitest/results.json, and results-<run>.json of
// a package's further runs) into one closing line, "N passed, N failed", so a run's outcome is readable at a
// glance. Exits non-zero when a test failed or when no test ran at all.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packages = join(dirname(fileURLToPath(import.meta.url)), "..", "packages");
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of readdirSync(packages).sort()) {
  const folder = join(packages, name, ".vitest");
  if (!existsSync(folder)) continue;
  // results.json, and results-<run>.json of a package's further runs (e.g. ai-sdk's AI SDK 7 run on Node 22)
  for (const file of readdirSync(folder)
    .filter((entry) => /^results(-[\w-]+)?\.json$/.test(entry))
    .sort()) {
    const report = JSON.parse(readFileSync(join(folder, file), "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    const run = file === "results.json" ? "" : ` (${file.slice("results-".length, -".json".length)})`;
    console.log(`  ${name}${run}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (failed > 0 || passed === 0) process.exit(1);
