/**
 * Test-only: locates the native codex binary installed for @codexkit/core
 * (`@openai/codex` → `@openai/codex-<platform>/vendor/<triple>/bin/codex`).
 */

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TRIPLES: Record<string, string> = {
  "linux-x64": "x86_64-unknown-linux-musl",
  "linux-arm64": "aarch64-unknown-linux-musl",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
};

/** Absolute path of the native `codex` binary (override with `CODEX_BIN`). */
export function codexBinary(): string {
  const override = process.env.CODEX_BIN;
  if (override !== undefined && override !== "") return override;
  const platform = `${process.platform}-${process.arch}`;
  const triple = TRIPLES[platform];
  if (triple === undefined) throw new Error(`no codex binary known for ${platform}`);
  const corePackage = join(dirname(fileURLToPath(import.meta.url)), "../../../core/package.json");
  const launcher = createRequire(corePackage).resolve("@openai/codex/package.json");
  const nativePackage = createRequire(launcher).resolve(`@openai/codex-${platform}/package.json`);
  return join(dirname(nativePackage), "vendor", triple, "bin", "codex");
}
