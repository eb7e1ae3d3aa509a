#!/usr/bin/env node
// Sums the vitest JSON reports the packages wrote, one per tier (packages/*/.vitest/<tier>.json: fast,
// app-server, soak), into a closing block: per tier, each package's counts and the tier's time (from the first
// package's start to the last test file's end, so packages that ran side by side count once), then
// "N passed, N failed". Exits non-zero when a test failed or when no test ran at all.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TIERS = ["fast", "app-server", "soak"];
const packages = join(dirname(fileURLToPath(import.meta.url)), "..", "packages");
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * A tier's reports: `<tier>.json` of each package, and `<tier>-<run>.json` of a package's further runs in that
 * tier (ai-sdk's AI SDK 7 run on Node 22 writes app-server-ai7.json), as [package, " (run)" or "", path].
 */
function reports(tier) {
  const found = [];
  for (const name of readdirSync(packages).sort()) {
    const folder = join(packages, name, ".vitest");
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder).sort()) {
      if (entry === `${tier}.json`) found.push([name, "", join(folder, entry)]);
      else if (entry.startsWith(`${tier}-`) && entry.endsWith(".json") && !TIERS.includes(entry.slice(0, -5)))
        found.push([name, ` (${entry.slice(tier.length + 1, -5)})`, join(folder, entry)]);
    }
  }
  return found;
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const tier of TIERS) {
  const lines = [];
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  let tierPassed = 0;
  let tierFailed = 0;
  for (const [name, run, file] of reports(tier)) {
    const report = JSON.parse(readFileSync(file, "utf8"));
    const ends = report.testResults.map((result) => result.endTime ?? report.startTime);
    const packageEnd = Math.max(report.startTime, ...ends);
    start = Math.min(start, report.startTime);
    end = Math.max(end, packageEnd);
    tierPassed += report.numPassedTests;
    tierFailed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    lines.push(
      `    ${name}${run}: ${report.numPassedTests} passed, ${report.numFailedTests} failed (${seconds(packageEnd - report.startTime)})`,
    );
  }
  if (lines.length === 0) continue;
  passed += tierPassed;
  failed += tierFailed;
  console.log(`  ${tier}: ${tierPassed} passed, ${tierFailed} failed in ${seconds(end - start)}`);
  for (const line of lines) console.log(line);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (failed > 0 || passed === 0) process.exit(1);
