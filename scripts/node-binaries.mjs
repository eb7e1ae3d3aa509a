#!/usr/bin/env node
// Node binaries of other majors, for tests that must run on a Node other than the toolchain's (Node 20).
// They come from the npm registry's `node` package (its official builds), pinned exactly, installed once into
// .tools/node-<major>/ (git-ignored) and reused afterwards; nothing else is downloaded.
//
//   node scripts/node-binaries.mjs 22     prints the absolute path of a Node 22 binary (installing it if missing)
//   import { nodeBinary } from "./node-binaries.mjs"; await nodeBinary(22)
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The exact `node` package version installed for each major. */
export const NODE_VERSIONS = { 22: "22.23.3", 24: "24.21.0", 26: "26.10.0" };

/**
 * The absolute path of a Node binary of `major` (22, 24 or 26), installed from the npm registry into
 * `.tools/node-<major>` when it is not there yet (or is another version).
 */
export async function nodeBinary(major) {
  const version = NODE_VERSIONS[major];
  if (!version) {
    throw new Error(
      `no pinned Node version for major ${major} (known: ${Object.keys(NODE_VERSIONS).join(", ")})`,
    );
  }
  const prefix = join(root, ".tools", `node-${major}`);
  const binary = join(prefix, "node_modules", "node", "bin", "node");
  if (versionOf(binary) === `v${version}`) return binary;
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const install = spawnSync(
    npm,
    ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, `node@${version}`],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
  );
  if (install.status !== 0) throw new Error(`npm install node@${version} failed (exit ${install.status})`);
  const installed = versionOf(binary);
  if (installed !== `v${version}`) {
    throw new Error(`node@${version} installed, but ${binary} reports ${installed ?? "nothing"}`);
  }
  return binary;
}

function versionOf(binary) {
  if (!existsSync(binary)) return undefined;
  try {
    return execFileSync(binary, ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const major = Number(process.argv[2]);
  try {
    console.log(await nodeBinary(major));
  } catch (error) {
    console.error(`node-binaries: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
