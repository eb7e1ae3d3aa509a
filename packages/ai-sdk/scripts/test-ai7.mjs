#!/usr/bin/env node
// Runs the AI SDK 7 tests (vitest.ai7.config.ts) on Node 22: ai@7 needs Node >= 22, the toolchain runs on 20.
// The Node 22 binary is the npm registry's `node` package (scripts/node-binaries.mjs, installed once into
// .tools/). Extra arguments go to vitest. Results: .vitest/app-server-ai7.json (summed by scripts/test-summary.mjs).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeBinary } from "../../../scripts/node-binaries.mjs";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
const node = await nodeBinary(22);
const args = [
  vitest,
  "run",
  "--config",
  "vitest.ai7.config.ts",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=.vitest/app-server-ai7.json",
  ...process.argv.slice(2),
];
const run = spawnSync(node, args, { cwd: packageDir, stdio: "inherit" });
if (run.error) console.error(`test-ai7: could not run ${node}: ${run.error.message}`);
process.exit(run.status ?? 1);
