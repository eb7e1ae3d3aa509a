#!/usr/bin/env node
// docs/protocol-coverage.md: every client method, server request and notification of the pinned codex
// app-server protocol, with the codexkit API that wraps it or the reason it is left raw (reachable through
// the typed `codex.request(method, params)` / `codex.onNotification`).
//
// Sources: the generated protocol unions (packages/core/src/generated), the pinned codex itself (run once
// without --experimental to learn which methods are experimental) and the hand-kept table
// packages/node/protocol-coverage.json (packages/node/test/protocol-coverage.test.ts checks that every wrapper
// it names exists).
//
//   node scripts/protocol-coverage.mjs           fails when the document is stale or the table does not
//                                                account for exactly the methods of the pinned protocol
//   node scripts/protocol-coverage.mjs --update  rewrites the document (still fails on an incomplete table)
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const generated = join(root, "packages", "core", "src", "generated");
const TABLE = "packages/node/protocol-coverage.json";
const DOC = "docs/protocol-coverage.md";
const KINDS = [
  { key: "clientMethods", file: "ClientRequest.ts", title: "Client methods" },
  { key: "serverRequests", file: "ServerRequest.ts", title: "Server requests (answered by the client)" },
  { key: "notifications", file: "ServerNotification.ts", title: "Notifications" },
];

/** The methods of one generated union, in file order, with the params type each carries. */
function unionOf(dir, file) {
  const text = readFileSync(join(dir, file), "utf8");
  const entries = [
    ...text.matchAll(/"method": "([^"]+)"(?:, id: RequestId)?, "?params"?\??: ([A-Za-z0-9_]+)/g),
  ].map((m) => ({ method: m[1], params: m[2] }));
  // Every `"method": "…"` must have been read with its params: a format change must not hide methods.
  const methods = text.match(/"method": "[^"]+"/g) ?? [];
  if (entries.length === 0 || entries.length !== methods.length) {
    throw new Error(
      `${file}: read ${entries.length} of ${methods.length} methods; the generated format changed`,
    );
  }
  return entries;
}

/** The pinned codex binary (the launcher of @openai/codex, as packages/core resolves it) and its version. */
function codex() {
  const require = createRequire(join(root, "packages", "core", "package.json"));
  const launcher = join(dirname(require.resolve("@openai/codex/package.json")), "bin", "codex.js");
  const version = execFileSync(process.execPath, [launcher, "--version"], { encoding: "utf8" })
    .trim()
    .replace(/^codex-cli /, "");
  return { launcher, version };
}

/** Method names of each union as codex generates them without `--experimental`: the stable protocol. */
function stableMethods(launcher) {
  const out = mkdtempSync(join(tmpdir(), "codexkit-protocol-"));
  try {
    execFileSync(process.execPath, [launcher, "app-server", "generate-ts", "--out", out], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    return Object.fromEntries(
      KINDS.map(({ key, file }) => [key, new Set(unionOf(out, file).map((entry) => entry.method))]),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Whether a notification's params carry the `turnId` (or `turn.id`) the turn router routes by. */
function isTurnScoped(paramsType) {
  for (const candidate of [join(generated, "v2", `${paramsType}.ts`), join(generated, `${paramsType}.ts`)]) {
    if (!existsSync(candidate)) continue;
    const text = readFileSync(candidate, "utf8");
    return /\bturnId\??: string/.test(text) || /\bturn: Turn\b/.test(text);
  }
  return false;
}

function checkEntry(kind, method, entry, problems) {
  const where = `${TABLE} ${kind} "${method}"`;
  if (typeof entry !== "object" || entry === null) return problems.push(`${where}: not an object`);
  const keys = Object.keys(entry);
  if (keys.length !== 1 || !["wrappers", "raw", "internal"].includes(keys[0])) {
    return problems.push(`${where}: needs exactly one of "wrappers" (array), "raw" or "internal" (reason)`);
  }
  if (keys[0] === "wrappers") {
    const ok =
      Array.isArray(entry.wrappers) &&
      entry.wrappers.length > 0 &&
      entry.wrappers.every((w) => typeof w === "string" && /^[A-Za-z]+(\.[A-Za-z]+)+$/.test(w));
    if (!ok)
      problems.push(`${where}: "wrappers" must be a non-empty array of paths such as "codex.fs.readFile"`);
  } else if (typeof entry[keys[0]] !== "string" || entry[keys[0]].trim().length < 10) {
    problems.push(`${where}: "${keys[0]}" needs a reason of a few words`);
  }
}

function render(version, rows, counts) {
  const lines = [
    "# Protocol coverage",
    "",
    `<!-- Generated by scripts/protocol-coverage.mjs from the protocol of @openai/codex ${version} and ${TABLE}. Do not edit: edit the table and run \`node scripts/protocol-coverage.mjs --update\`. -->`,
    "",
    `Every method of the \`codex app-server\` protocol that codexkit is pinned to (${version}), with the codexkit API`,
    "that wraps it, or why it is left raw. Everything is reachable: a raw client method through the typed",
    "`codex.request(method, params)`, a raw notification through `codex.onNotification`. *Experimental* marks",
    "what codex generates only with `--experimental` (codexkit initializes with `experimentalApi: true`).",
    "",
    "Wrapper roots: `codex` is a `Codex` client, `thread` a `Thread`, `turn` a `TurnHandle`, `goal` a",
    "`GoalTurnHandle`, `chatgptLogin` a `ChatgptLoginHandle`, `fsWatch` an `FsWatch` (from `codex.fs.watch`),",
    "`execProcess` an `ExecProcess` (from `codex.spawn`), `mcpLogin` an `McpLoginHandle`, `handlers` the",
    "`RequestHandlers` of a client, thread or turn, and `codexkit` an export of `@codexkit/node`.",
    "",
    "| | wrapped | handled inside codexkit | raw only | of which experimental |",
    "|---|---:|---:|---:|---:|",
  ];
  for (const { key, title } of KINDS) {
    const c = counts[key];
    lines.push(`| ${title} | ${c.wrappers} | ${c.internal} | ${c.raw} | ${c.experimental} |`);
  }
  for (const { key, title } of KINDS) {
    lines.push("", `## ${title}`, "", "| Method | | codexkit |", "|---|---|---|");
    for (const { method, entry, experimental } of rows[key]) {
      const what = entry.wrappers
        ? entry.wrappers.map((w) => `\`${w}\``).join(", ")
        : entry.internal
          ? `handled inside codexkit: ${entry.internal}`
          : `raw only: ${entry.raw}`;
      lines.push(
        `| \`${method}\` | ${experimental ? "experimental" : ""} | ${what.replaceAll("|", "\\|")} |`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function main() {
  const update = process.argv.includes("--update");
  const table = JSON.parse(readFileSync(join(root, TABLE), "utf8"));
  const { launcher, version } = codex();
  const stable = stableMethods(launcher);
  const problems = [];
  const rows = {};
  const counts = {};
  for (const { key, file } of KINDS) {
    const union = unionOf(generated, file);
    const known = new Set(union.map((entry) => entry.method));
    const entries = table[key] ?? {};
    const missing = union.filter(({ method }) => !Object.hasOwn(entries, method)).map((e) => e.method);
    const stale = Object.keys(entries).filter((method) => !known.has(method));
    if (missing.length > 0) {
      problems.push(
        `${TABLE} does not account for these ${key} of the pinned protocol (add each with "wrappers", "raw" or "internal"):\n    ${missing.join("\n    ")}`,
      );
    }
    if (stale.length > 0) {
      problems.push(
        `${TABLE} lists ${key} the pinned protocol no longer has (remove them):\n    ${stale.join("\n    ")}`,
      );
    }
    counts[key] = { wrappers: 0, internal: 0, raw: 0, experimental: 0 };
    rows[key] = [];
    for (const { method, params } of [...union].sort((a, b) => a.method.localeCompare(b.method))) {
      const entry = entries[method];
      if (entry === undefined) continue;
      checkEntry(key, method, entry, problems);
      if (key === "notifications" && entry.wrappers?.includes("turn.stream") && !isTurnScoped(params)) {
        problems.push(
          `${TABLE} notifications "${method}": carries no turnId, so it never reaches turn.stream`,
        );
      }
      const experimental = !stable[key].has(method);
      const kind = entry.wrappers ? "wrappers" : entry.internal ? "internal" : "raw";
      counts[key][kind]++;
      if (experimental) counts[key].experimental++;
      rows[key].push({ method, entry, experimental });
    }
  }
  if (problems.length > 0) {
    console.error(`protocol coverage (@openai/codex ${version}):\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  const doc = render(version, rows, counts);
  const path = join(root, DOC);
  if (update) {
    writeFileSync(path, doc);
    console.log(`wrote ${DOC} (@openai/codex ${version})`);
    return;
  }
  if (!existsSync(path) || readFileSync(path, "utf8") !== doc) {
    console.error(`${DOC} is stale: run \`node scripts/protocol-coverage.mjs --update\` and commit it.`);
    process.exit(1);
  }
  console.log(`${DOC} accounts for every method of @openai/codex ${version}`);
}

main();
