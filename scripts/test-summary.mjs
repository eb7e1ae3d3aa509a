#!/usr/bin/env node
// Sums the vitest JSON reports every package wrote (packages/*/.vitest/results.json) into one closing line,
// "N passed, N failed", so a run's outcome is readable at a glance. Exits non-zero when a test failed or
// when no test ran at all.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packages = join(dirname(fileURLToPath(import.meta.url)), "..", "packages");
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of readdirSync(packages).sort()) {
  const file = join(packages, name, ".vitest", "results.json");
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  console.log(`  ${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (failed > 0 || passed === 0) process.exit(1);
