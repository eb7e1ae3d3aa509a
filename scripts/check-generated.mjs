#!/usr/bin/env node
// Fails when packages/core/src/generated/ differs from what the pinned codex generates (protocol drift).
import { execFileSync } from "node:child_process";

execFileSync("pnpm", ["--filter", "@codexkit/core", "run", "generate"], { stdio: "inherit" });
const status = execFileSync("git", ["status", "--porcelain", "--", "packages/core/src/generated"], {
  encoding: "utf8",
});
if (status.trim() !== "") {
  console.error(
    `Generated protocol types drifted from the pinned @openai/codex:\n${status}\n` +
      "Run `pnpm generate` and commit packages/core/src/generated/.",
  );
  process.exit(1);
}
console.log("generated protocol types match the pinned codex");
