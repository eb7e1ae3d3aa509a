#!/usr/bin/env node
// `pnpm codex:bump <version>`: moves every pin of @openai/codex to <version>, installs it, regenerates the
// protocol types, updates the API reports and prints what changed in the protocol (client methods, server
// requests, notifications added or removed), then regenerates docs/protocol-coverage.md, failing when the
// coverage table does not account for a method the new codex added. Review the printed diff and `git diff`,
// then commit.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const generated = join(root, "packages", "core", "src", "generated");
/** Every package.json that pins @openai/codex (dependencies or devDependencies). */
const PINNING = ["packages/core", "packages/node", "packages/bench"];

const version = process.argv[2];
if (!version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
  console.error("usage: pnpm codex:bump <version>   (an exact version, e.g. 0.172.0)");
  process.exit(2);
}

/**
 * The method names of one generated union (`ClientRequest.ts`, `ServerRequest.ts`, `ServerNotification.ts`),
 * as committed (`fromGit`, so a half-finished earlier bump does not hide changes) or as regenerated.
 */
function methodsOf(file, fromGit) {
  const text = fromGit
    ? execFileSync("git", ["show", `HEAD:packages/core/src/generated/${file}`], {
        cwd: root,
        encoding: "utf8",
      })
    : readFileSync(join(generated, file), "utf8");
  return new Set([...text.matchAll(/"method": "([^"]+)"/g)].map((m) => m[1]));
}

function protocolSnapshot(fromGit) {
  return {
    "client methods": methodsOf("ClientRequest.ts", fromGit),
    "server requests": methodsOf("ServerRequest.ts", fromGit),
    notifications: methodsOf("ServerNotification.ts", fromGit),
  };
}

function run(command, args) {
  console.log(`> ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root });
  if (result.status !== 0) {
    console.error(
      `\ncodex:bump stopped: \`${command} ${args.join(" ")}\` failed (see above); fix it and run the bump again.`,
    );
    process.exit(1);
  }
}

const before = protocolSnapshot(true);
const previous = JSON.parse(
  execFileSync("git", ["show", "HEAD:packages/node/package.json"], { cwd: root, encoding: "utf8" }),
).dependencies["@openai/codex"];
for (const dir of PINNING) {
  const file = join(root, dir, "package.json");
  const pkg = JSON.parse(readFileSync(file, "utf8"));
  for (const field of ["dependencies", "devDependencies"]) {
    if (pkg[field]?.["@openai/codex"]) pkg[field]["@openai/codex"] = version;
  }
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}
if (previous === version) console.log(`@openai/codex is already pinned at ${version}; regenerating anyway`);

run("pnpm", ["install"]);
run("pnpm", ["generate"]);
run("pnpm", ["api:update"]);

const after = protocolSnapshot(false);
console.log(`\nProtocol changes, @openai/codex ${previous} -> ${version}:`);
let changes = 0;
for (const [kind, methods] of Object.entries(after)) {
  const added = [...methods].filter((m) => !before[kind].has(m)).sort();
  const removed = [...before[kind]].filter((m) => !methods.has(m)).sort();
  for (const m of added) console.log(`  + ${kind}: ${m}`);
  for (const m of removed) console.log(`  - ${kind}: ${m}`);
  changes += added.length + removed.length;
}
if (changes === 0)
  console.log("  no method added or removed (field-level changes: see git diff of src/generated)");
// docs/protocol-coverage.md follows the new protocol; a method the coverage table does not account for
// stops the bump here (the table must say which wrapper covers it, or why it stays raw).
const coverage = spawnSync(process.execPath, [join(root, "scripts", "protocol-coverage.mjs"), "--update"], {
  stdio: "inherit",
  cwd: root,
});
if (coverage.status !== 0) {
  console.error(
    "\ncodex:bump stopped: packages/node/protocol-coverage.json does not match the new protocol (see above);\n" +
      "add or remove those methods there, then run `node scripts/protocol-coverage.mjs --update`.",
  );
  process.exit(1);
}
console.log(
  "\nNext: review `git diff packages/core/src/generated`, adapt hand-written code (e.g. server-request defaults),\n" +
    "raise MINIMUM_CODEX_VERSION if the SDK now relies on something newer, run `pnpm test:all`, add a changeset.",
);
