/**
 * The pinned codex, as the test suites spawn it themselves (raw-protocol tests; the SDK finds its own).
 *
 * @module
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Rust target triples of the native binaries `@openai/codex-<platform>` ships. */
const TRIPLES: Readonly<Record<string, string>> = {
  "linux-x64": "x86_64-unknown-linux-musl",
  "linux-arm64": "aarch64-unknown-linux-musl",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
};

/**
 * How to start the pinned codex: `CODEX_BIN` when set; else the native binary of the `@openai/codex` that
 * `@codexkit/core` pins (the version its protocol types are generated from); else that package's Node
 * launcher.
 */
export function codexCommand(): { command: string; args: string[] } {
  const override = process.env.CODEX_BIN;
  if (override) return { command: override, args: [] };
  const corePackage = fileURLToPath(new URL("../../core/package.json", import.meta.url));
  const launcherPackage = createRequire(corePackage).resolve("@openai/codex/package.json");
  const platform = `${process.platform}-${process.arch}`;
  const triple = TRIPLES[platform];
  if (triple !== undefined) {
    try {
      const nativePackage = createRequire(launcherPackage).resolve(`@openai/codex-${platform}/package.json`);
      const binary = join(dirname(nativePackage), "vendor", triple, "bin", "codex");
      if (existsSync(binary)) return { command: binary, args: [] };
    } catch {
      // no native package for this platform: use the launcher
    }
  }
  return { command: process.execPath, args: [join(dirname(launcherPackage), "bin", "codex.js")] };
}
