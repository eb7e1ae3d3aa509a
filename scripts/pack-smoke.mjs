#!/usr/bin/env node
// Packed-tarball smoke test: what users get from the tarballs, installed as the root README says, run on every
// Node version users have (20, 22, 24, 26).
//   1. pack the public packages with the README's `pnpm -r … pack` line (pnpm rewrites `workspace:` ranges)
//   2. check each tarball: only dist/, bin/, README.md and package.json; no `workspace:` ranges left
//   3. the README's pre-release install lines, as written: core + node alone into one project, every tarball
//      (`codexkit-*.tgz`) into another; then typescript, @types/node, ai and zod there for the checks below
//   4. type-check (strict, exactOptionalPropertyTypes, library checks on) a file importing every package,
//      zod-typed tools and outputSchema included, with moduleResolution nodenext and with bundler; and, in
//      parallel, the .d.ts guard: every declaration file core, node (both entries), testing and ai-sdk ship
//      type-checks without @types/node, and none mentions `NodeJS` or imports a node builtin
//   5. run the bridge's bin through `npx codexkit-mcp --help` / `--version`
//   6. bundle with the esbuild commands of packages/node/README.md (esm and cjs, no banner), plus an esm bundle
//      carrying a createRequire banner (which users keep for other CommonJS packages); the esm bundle must not
//      call esbuild's `__require`
//   7. on Node 20 (this one), 22, 24 and 26 (scripts/node-binaries.mjs), in parallel: the README quickstart in
//      the core + node project (real app-server, scripted model through CODEX_HOME); a quickstart through
//      @codexkit/testing and the AI SDK provider; require() of every package; the bundles over stdio, ws and a
//      unix socket; bundles with no codex to find (CodexBinaryNotFoundError); the bridge's bin (`--version`)
// Run after `pnpm build`. Keep the temp projects with --keep.
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { NODE_VERSIONS, nodeBinary } from "./node-binaries.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = ["core", "node", "testing", "mcp-bridge", "ai-sdk"];
const manifestOf = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
const rootManifest = manifestOf(root);
const TYPESCRIPT = rootManifest.devDependencies.typescript;
const TYPES_NODE = rootManifest.devDependencies["@types/node"];
const AI = manifestOf(join(root, "packages", "ai-sdk")).devDependencies.ai;
const ZOD = manifestOf(join(root, "packages", "node")).devDependencies.zod;
/** The workspace's esbuild CLI (a root devDependency), run as the README's commands run it. */
const ESBUILD = join(root, "node_modules", ".bin", process.platform === "win32" ? "esbuild.cmd" : "esbuild");
/** The banner many ESM bundles carry for other CommonJS packages: must not clash with codexkit's code. */
const REQUIRE_BANNER =
  'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);';
/** Environment of every program run against the scripted model: never a real key. */
const OFFLINE = { ...process.env, OPENAI_API_KEY: "", RUST_LOG: "warn" };

const work = mkdtempSync(join(tmpdir(), "codexkit-pack-smoke-"));
const tarballs = join(work, "tarballs");
const nodeOnly = join(work, "node-only");
const project = join(work, "project");
for (const dir of [nodeOnly, project]) mkdirSync(dir);

const execFileAsync = promisify(execFile);
function run(command, args, options = {}) {
  console.log(`> ${command} ${args.join(" ")}`);
  return execFileSync(command, args, { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", ...options });
}
const started = Date.now();
function step(title) {
  console.log(`\n=== ${title} (at ${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
function fail(message) {
  throw new Error(message);
}
/** Problems with the tarballs' contents: reported together at the end, after the other steps ran. */
const problems = [];

// The other Node versions download (once, into .tools/) while the tarballs are packed and installed.
const otherNodes = Object.keys(NODE_VERSIONS).map((major) => ({
  major,
  binary: nodeBinary(Number(major)),
}));
for (const other of otherNodes) other.binary.catch(() => {}); // awaited (and reported) in the last step

try {
  const install = readmeInstallLines();

  step("pack with the README's command");
  // the README packs into "$PWD/tarballs" of the clone; here into the temp directory
  run("bash", ["-c", install.pack.replace('"$PWD/tarballs"', JSON.stringify(tarballs))], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const packed = {};
  for (const name of PACKAGES) {
    const manifest = manifestOf(join(root, "packages", name));
    const file = `${manifest.name.replace("@", "").replace("/", "-")}-${manifest.version}.tgz`;
    if (!readdirSync(tarballs).includes(file)) fail(`the README's pack command made no ${file}`);
    packed[manifest.name] = join(tarballs, file);
  }
  if (readdirSync(tarballs).length !== PACKAGES.length)
    fail(`the README's pack command made ${readdirSync(tarballs).join(", ")}, not one tarball per package`);

  step("inspect tarballs");
  for (const [name, tarball] of Object.entries(packed)) {
    const files = run("tar", ["-tzf", tarball]).trim().split("\n");
    const stray = files.filter(
      (file) => !/^package\/(dist\/|bin\/[\w-]+\.js$|README\.md$|LICENSE|package\.json$)/.test(file),
    );
    if (stray.length > 0) problems.push(`${name}: unexpected files in the tarball: ${stray.join(", ")}`);
    if (!files.includes("package/dist/index.js") || !files.includes("package/dist/index.d.ts")) {
      fail(`${name}: dist/index.js or dist/index.d.ts missing from the tarball (build first)`);
    }
    if (!files.includes("package/README.md")) problems.push(`${name}: README.md missing from the tarball`);
    const manifest = JSON.parse(run("tar", ["-xzOf", tarball, "package/package.json"]));
    const ranges = {
      ...manifest.dependencies,
      ...manifest.peerDependencies,
      ...manifest.optionalDependencies,
    };
    const leaked = Object.entries(ranges).filter(([, range]) => String(range).startsWith("workspace:"));
    if (leaked.length > 0)
      problems.push(`${name}: workspace ranges left in package.json: ${JSON.stringify(leaked)}`);
    console.log(
      `ok ${name}: ${files.length} files, dependencies ${JSON.stringify(manifest.dependencies ?? {})}`,
    );
  }

  step("install with the README's pre-release lines, as written");
  // npm's settings through its environment, so the command lines stay exactly the README's
  const npmEnv = {
    ...process.env,
    CODEXKIT: work,
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_prefer_offline: "true",
    npm_config_loglevel: "error",
  };
  // the two projects install in parallel (npm's cache is safe to share)
  await Promise.all(
    [
      [nodeOnly, install.coreAndNode],
      [project, install.everything],
    ].map(async ([dir, line]) => {
      writeFileSync(
        join(dir, "package.json"),
        `${JSON.stringify({ name: "codexkit-pack-smoke", private: true, type: "module" }, null, 2)}\n`,
      );
      console.log(`> (in ${relative(work, dir)}) ${line}`);
      await execFileAsync("bash", ["-c", line], { cwd: dir, env: npmEnv }).catch((error) => {
        fail(`${line} (in ${relative(work, dir)}) failed:\n${error.stderr || error.message}`);
      });
    }),
  );
  const installed = (dir, name) => {
    try {
      return manifestOf(join(dir, "node_modules", name)).version;
    } catch {
      return undefined;
    }
  };
  for (const name of ["@codexkit/core", "@codexkit/node"]) {
    if (installed(nodeOnly, name) === undefined) fail(`the core + node line did not install ${name}`);
  }
  for (const name of Object.keys(packed)) {
    if (installed(project, name) === undefined) fail(`the codexkit-*.tgz line did not install ${name}`);
    console.log(`installed ${name}@${installed(project, name)}`);
  }
  // what the checks below need, next to the packages
  run("npm", ["install", `typescript@${TYPESCRIPT}`, `@types/node@${TYPES_NODE}`, `ai@${AI}`, `zod@${ZOD}`], {
    cwd: project,
    env: npmEnv,
    stdio: ["ignore", "inherit", "inherit"],
  });

  step(
    "type-check a file importing every package (nodenext and bundler), and every .d.ts without @types/node",
  );
  for (const dir of ["src", "nonode"]) mkdirSync(join(project, dir));
  writeFileSync(
    join(project, "src", "imports.ts"),
    `import { ApprovalMode, CodexError, normalizeInput, type Notification, type protocol } from "@codexkit/core";
import { type CodexLanguageModel, createCodexProvider } from "@codexkit/ai-sdk";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { BridgeError, createBridgeServer, OperatorPolicy } from "@codexkit/mcp-bridge";
import { acceptAll, Codex, type Thread, type ThreadStartOptions, tool, type TurnResult, TurnHandle } from "@codexkit/node";
import { createCodexHome, createTestCodex, Item, Reply, ScriptedModel } from "@codexkit/testing";
import { z } from "zod";

const options: ThreadStartOptions = { approvalMode: ApprovalMode.ask, onApproval: acceptAll };
const describe = (event: Notification): string =>
  event.method === "item/agentMessage/delta" ? event.params.delta : event.method;
const status: TurnResult["status"] = "completed";
const input: protocol.v2.UserInput[] = normalizeInput("hello");
const reply = Reply.items([Item.message("hi")]);
// @ts-expect-error approvalMode is checked against the real union
const wrong: ThreadStartOptions = { approvalMode: "sometimes" };
const model: LanguageModelV3 = createCodexProvider({ approvalMode: ApprovalMode.ask })("gpt-5.5") satisfies CodexLanguageModel;
// zod types flow under exactOptionalPropertyTypes: typed tool arguments, a typed output
const weather = tool({
  name: "lookup_weather",
  description: "Current weather for a city",
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => \`18°C in \${city.toUpperCase()}\`,
});
async function verdict(thread: Thread): Promise<boolean | undefined> {
  const result = await thread.run("Review.", { outputSchema: z.object({ approve: z.boolean() }) });
  return result.output?.approve;
}

export const used = [
  Codex, TurnHandle, CodexError, BridgeError, createBridgeServer, OperatorPolicy,
  createCodexHome, createTestCodex, ScriptedModel, options, describe, status, input, reply, wrong, model,
  weather, verdict,
];
`,
  );
  writeFileSync(
    join(project, "src", "quickstart.ts"),
    `import { createCodexProvider } from "@codexkit/ai-sdk";
import { createTestCodex, Reply } from "@codexkit/testing";
import { generateText } from "ai";

const t = await createTestCodex({ script: [Reply.message("hello from the packed tarballs")] });
try {
  const thread = await t.codex.threadStart({ cwd: t.workspace });
  const result = await thread.run("Say hello.");
  if (result.status !== "completed" || result.finalResponse !== "hello from the packed tarballs") {
    throw new Error(\`unexpected result: \${JSON.stringify(result)}\`);
  }
  console.log(\`quickstart: \${result.status}: \${result.finalResponse} (app-server \${t.codex.metadata.userAgent})\`);
  t.model.enqueue(Reply.message("hello through the AI SDK"));
  const codex = createCodexProvider({ codex: t.codex, cwd: t.workspace });
  const { text } = await generateText({ model: codex("gpt-test"), prompt: "Say hello." });
  await codex.close();
  if (text !== "hello through the AI SDK") throw new Error(\`unexpected AI SDK text: \${text}\`);
  console.log(\`quickstart: ai-sdk: \${text}\`);
} finally {
  await t.dispose();
}
`,
  );
  const base = {
    strict: true,
    target: "ES2022",
    lib: ["ES2023", "ESNext.Disposable"],
    types: ["node"],
    skipLibCheck: false,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
  };
  const configs = {
    "tsconfig.nodenext.json": { module: "NodeNext", moduleResolution: "NodeNext", outDir: "out" },
    "tsconfig.bundler.json": { module: "ESNext", moduleResolution: "Bundler", noEmit: true },
  };
  for (const [file, compilerOptions] of Object.entries(configs)) {
    writeFileSync(
      join(project, file),
      `${JSON.stringify({ compilerOptions: { ...base, ...compilerOptions }, include: ["src"] }, null, 2)}\n`,
    );
  }
  // in parallel: nodenext (which also emits out/, for the runs below), bundler, and the .d.ts guard
  await Promise.all([
    tscChecked("tsconfig.nodenext.json").then(() => console.log("ok tsc -p tsconfig.nodenext.json")),
    tscChecked("tsconfig.bundler.json").then(() => console.log("ok tsc --noEmit -p tsconfig.bundler.json")),
    dtsGuard(),
  ]);

  step("run the bridge bin through npx from the installed tarball");
  const help = run("npx", ["--no-install", "codexkit-mcp", "--help"], { cwd: project });
  if (!help.startsWith("Usage: codexkit-mcp")) fail(`codexkit-mcp --help printed:\n${help}`);
  console.log(help.split("\n")[0]);
  const bridgeVersion = run("npx", ["--no-install", "codexkit-mcp", "--version"], { cwd: project }).trim();
  const expected = manifestOf(join(root, "packages", "mcp-bridge")).version;
  if (bridgeVersion !== expected)
    fail(`codexkit-mcp --version printed ${bridgeVersion}, expected ${expected}`);
  console.log(`codexkit-mcp --version: ${bridgeVersion}`);

  // require() of every package from CommonJS (Node >= 20.19 loads the ESM build); run on every Node below
  writeFileSync(
    join(project, "require.cjs"),
    `const core = require("@codexkit/core");
const node = require("@codexkit/node");
const testing = require("@codexkit/testing");
const bridge = require("@codexkit/mcp-bridge");
if (typeof node.Codex !== "function" || typeof testing.createTestCodex !== "function") throw new Error("missing exports");
if (typeof bridge.createBridgeServer !== "function") throw new Error("bridge: createBridgeServer missing");
// one copy of each class, whichever way it is loaded (no dual-package hazard)
if (node.CodexError !== core.CodexError) throw new Error("@codexkit/node re-exports another CodexError");
(async () => {
  const t = await testing.createTestCodex({ script: [testing.Reply.message("hello from require()")] });
  try {
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const result = await thread.run("Say hello.");
    console.log(\`require: \${result.status}: \${result.finalResponse}\`);
  } finally {
    await t.dispose();
  }
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`,
  );

  step("bundle with esbuild as packages/node/README.md says (no banner)");
  const bundles = writeBundles();

  step(`run on Node ${[process.versions.node, ...Object.values(NODE_VERSIONS)].join(", ")} in parallel`);
  const runs = [
    runOnNode(process.versions.node.split(".")[0], Promise.resolve(process.execPath), bundles),
    ...otherNodes.map(({ major, binary }) => runOnNode(major, binary, bundles)),
  ];
  const outcomes = await Promise.allSettled(runs);
  const failed = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
  if (failed.length > 0) fail(failed.map((error) => error.message).join("\n"));

  if (problems.length > 0) fail(`the tarballs have problems:\n  - ${problems.join("\n  - ")}`);
  console.log(`\npack smoke test passed (${Object.keys(packed).join(", ")})`);
} catch (error) {
  console.error(`\n✗ pack smoke test failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (process.argv.includes("--keep")) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

/** The installed TypeScript's tsc. */
function tscPath() {
  return join(project, "node_modules", "typescript", "bin", "tsc");
}

/**
 * Runs `tsc -p config` (the configs say whether to emit) with library checks on, so errors inside our shipped .d.ts count; returns its
 * output. Errors located in other packages' declarations (e.g. the MCP SDK's or the AI SDK's need for DOM's
 * HeadersInit, @ai-sdk/provider's for @types/json-schema) are not ours: listed, not fatal.
 */
async function tscChecked(config, args = []) {
  const { status, output } = await new Promise((resolve) => {
    execFile(
      process.execPath,
      [tscPath(), "-p", config, "--pretty", "false", ...args],
      { cwd: project, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ status: error ? (error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
  const errors = output.split("\n").filter((line) => /error TS\d+/.test(line));
  const foreign = errors.filter(
    (line) => /^node_modules\//.test(line) && !/^node_modules\/@codexkit\//.test(line),
  );
  const ours = errors.filter((line) => !foreign.includes(line));
  for (const line of new Set(foreign)) console.log(`  (${config}: not ours, ignored) ${line}`);
  if (ours.length > 0 || (status !== 0 && errors.length === 0)) {
    fail(`tsc -p ${config} failed:\n${ours.join("\n") || output}`);
  }
  return output;
}

/**
 * The shell lines of the root README's "Not on the npm registry yet" note: its three ```sh blocks (build and
 * pack in the clone; core + node; every tarball). Fails when the note no longer has that shape.
 */
function readmeInstallLines() {
  const readme = readFileSync(join(root, "README.md"), "utf8").split("\n");
  const start = readme.findIndex((line) => line.startsWith("> **Not on the npm registry yet.**"));
  if (start < 0) fail('README.md has no "> **Not on the npm registry yet.**" note');
  const note = [];
  for (const line of readme.slice(start)) {
    if (!line.startsWith(">")) break;
    note.push(line.replace(/^> ?/, ""));
  }
  const blocks = [...note.join("\n").matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) =>
    match[1].trim().split("\n"),
  );
  const [build, coreAndNode, everything] = blocks;
  const pack = build?.find((line) => / pack --pack-destination "\$PWD\/tarballs"$/.test(line));
  if (blocks.length !== 3 || build[0] !== "pnpm install && pnpm build" || pack === undefined)
    fail(`README.md's pre-release note changed shape: ${JSON.stringify(blocks)}`);
  if (coreAndNode.length !== 1 || everything.length !== 1)
    fail(`README.md's install blocks should hold one npm install line each: ${JSON.stringify(blocks)}`);
  console.log(`README install lines:\n  ${[pack, coreAndNode[0], everything[0]].join("\n  ")}`);
  return { pack, coreAndNode: coreAndNode[0], everything: everything[0] };
}

/**
 * Type-checks every declaration file the runtime-neutral-typed packages ship (each file directly, so a
 * chunk no entry reaches is checked too) with no @types/node, DOM for AbortSignal and ESNext.Disposable
 * for `await using`: what the README asks of such a project. The bridge is a Node program: not checked.
 * Also fails when a declaration mentions `NodeJS` (even in a comment: users grep for it) or imports a
 * node builtin.
 */
async function dtsGuard() {
  const declarations = ["core", "node", "testing", "ai-sdk"].flatMap((name) => {
    const dist = join(project, "node_modules", "@codexkit", name, "dist");
    return readdirSync(dist, { recursive: true })
      .filter((file) => String(file).endsWith(".d.ts"))
      .map((file) => join(dist, String(file)));
  });
  const offenders = declarations.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, index) =>
        /NodeJS|reference types="node"|from ["'](node:|(fs|path|os|child_process|http|https|net|stream|events|crypto|url|util)["'])/.test(
          line,
        )
          ? [`${relative(project, file)}:${index + 1}: ${line.trim()}`]
          : [],
      ),
  );
  if (offenders.length > 0) fail(`declarations that need @types/node:\n  ${offenders.join("\n  ")}`);
  writeFileSync(
    join(project, "nonode", "no-node-types.ts"),
    `import { CodexError, normalizeInput } from "@codexkit/core";
import { Codex, ProcessExitedError, type SignalName, type ThreadStartOptions } from "@codexkit/node";
import { Codex as RemoteCodex } from "@codexkit/node/remote";
import { createTestCodex, Reply } from "@codexkit/testing";
import { createCodexProvider } from "@codexkit/ai-sdk";

const options: ThreadStartOptions = { sandbox: "workspaceWrite", cwd: "/tmp" };
const signal: SignalName | null = new ProcessExitedError(1, null, "").signal;
export const used = [CodexError, normalizeInput, Codex, RemoteCodex, createTestCodex, Reply, createCodexProvider, options, signal];
`,
  );
  writeFileSync(
    join(project, "tsconfig.nonode.json"),
    `${JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          target: "ES2022",
          exactOptionalPropertyTypes: true,
          skipLibCheck: false,
          types: [],
          lib: ["ES2023", "ESNext.Disposable", "DOM"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          noEmit: true,
        },
        files: ["nonode/no-node-types.ts", ...declarations.map((file) => relative(project, file))],
      },
      null,
      2,
    )}\n`,
  );
  const output = await tscChecked("tsconfig.nonode.json", ["--listFiles"]);
  if (/node_modules\/@types\/node\//.test(output))
    fail("the type-check without @types/node still loaded @types/node (a declaration references it)");
  console.log(
    `ok tsc -p tsconfig.nonode.json: ${declarations.length} declaration files, no @types/node loaded`,
  );
}

/**
 * The esbuild commands of packages/node/README.md's "Bundling and Electron" section (its ```sh block), as
 * argument lists. Fails when the section no longer has one esm and one cjs command for `app.ts`.
 */
function readmeEsbuildCommands() {
  const readme = readFileSync(join(root, "packages", "node", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Bundling and Electron"));
  const block = /^ *```sh\n([\s\S]*?)^ *```$/m.exec(section.slice(0, section.indexOf("\n## ", 1)))?.[1] ?? "";
  const commands = block
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter(Boolean)
    .map((line) => line.split(/\s+/));
  const formats = commands.map((args) => args.find((arg) => arg.startsWith("--format="))).join(" ");
  if (
    commands.some((args) => args[0] !== "esbuild" || args[1] !== "app.ts") ||
    formats !== "--format=esm --format=cjs"
  )
    fail(`packages/node/README.md's esbuild commands changed shape: ${JSON.stringify(commands)}`);
  return commands.map((args) => args.slice(1));
}

/**
 * Writes the programs to bundle and bundles them with the README's esbuild commands, word for word; returns
 * what to run. `app.ts` runs a real turn through @codexkit/testing (no top-level await, so the cjs command
 * bundles it too); `not-found.ts` starts a Codex with no codex to find.
 */
function writeBundles() {
  // the transport is the first argument: stdio (spawned), or websocket / unix (through the bundled ws)
  writeFileSync(
    join(project, "app.ts"),
    `import { createTestCodex, Reply } from "@codexkit/testing";

async function main(): Promise<void> {
  const transport = (process.argv[2] ?? "stdio") as "stdio" | "websocket" | "unix";
  const t = await createTestCodex({ script: [Reply.message("hello from a bundle")], transport });
  try {
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const result = await thread.run("Say hello.");
    console.log(\`bundle: \${transport}: \${result.status}: \${result.finalResponse}\`);
  } finally {
    await t.dispose();
  }
}
void main();
`,
  );
  writeFileSync(
    join(project, "not-found.ts"),
    `import { Codex } from "@codexkit/node";

async function main(): Promise<void> {
  const codex = new Codex();
  try {
    await codex.start();
    console.log("not-found: started?!");
  } catch (error) {
    console.log(\`not-found: \${(error as Error).name} \${(error as { code?: string }).code}\`);
  } finally {
    await codex.close();
  }
}
void main();
`,
  );
  const esbuild = (args) => run(ESBUILD, args, { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
  const [esm, cjs] = readmeEsbuildCommands();
  esbuild(esm);
  esbuild(cjs);
  // a banner users keep for other CommonJS packages: codexkit's code must not declare `createRequire` too
  const banner = esm.map((arg) => arg.replace("dist/app.mjs", "dist/app-banner.mjs"));
  esbuild([...banner, `--banner:js=${REQUIRE_BANNER}`]);
  // bundles far from any node_modules, with no codex on PATH: a typed error, not a TypeError
  const alone = join(work, "alone");
  const elsewhere = (args, outfile) =>
    args.map((arg) =>
      arg === "app.ts" ? "not-found.ts" : arg.startsWith("--outfile=") ? `--outfile=${outfile}` : arg,
    );
  esbuild(elsewhere(esm, join(alone, "not-found.mjs")));
  esbuild(elsewhere(cjs, join(alone, "not-found.cjs")));
  const modules = readFileSync(join(project, "dist", "app.mjs"), "utf8");
  const dynamic = modules.match(/(?<![\w$.])__require\s*\(\s*["'][^"']+["']\s*\)/g) ?? [];
  if (dynamic.length > 0)
    fail(`the ESM bundle still requires at run time: ${[...new Set(dynamic)].join(", ")}`);
  return {
    // a clash with the banner is a SyntaxError whatever the Node: run on this one only
    banner: join(project, "dist", "app-banner.mjs"),
    turns: [
      [join(project, "dist", "app.mjs"), "stdio"],
      [join(project, "dist", "app.mjs"), "websocket"],
      [join(project, "dist", "app.cjs"), "unix"],
    ],
    notFound: [
      ["esm", join(alone, "not-found.mjs")],
      ["cjs", join(alone, "not-found.cjs")],
    ],
    alone,
  };
}

/** The README quickstart (its first ts block), types stripped with the installed TypeScript. */
function readmeQuickstart() {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const code = /^```ts\n([\s\S]*?)^```$/m.exec(readme)?.[1] ?? "";
  if (!code.includes("new Codex()")) fail("the README's first ts block is no longer the quickstart");
  const ts = createRequire(join(project, "package.json"))("typescript");
  return ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext },
  }).outputText;
}

/**
 * Everything that runs, on one Node: sequential within the version (each starts a real app-server),
 * versions in parallel. Output is collected and printed in one piece per version.
 */
async function runOnNode(major, binaryPromise, bundles) {
  const log = [];
  const label = `Node ${major}`;
  try {
    const node = await binaryPromise;
    const version = (await execFileAsync(node, ["--version"])).stdout.trim();
    log.push(`--- ${label} (${version}, ${node === process.execPath ? "this node" : relative(root, node)})`);
    const exec = async (args, options, expected) => {
      const { stdout } = await execFileAsync(node, args, {
        env: OFFLINE,
        timeout: 120_000,
        ...options,
      }).catch((error) => {
        throw new Error(`${label}: ${args.join(" ")} failed: ${error.stderr || error.message}`);
      });
      for (const text of expected) {
        if (!stdout.includes(text)) fail(`${label}: ${args.join(" ")} printed no "${text}":\n${stdout}`);
      }
      log.push(`ok ${[relative(work, args[0]), ...args.slice(1)].join(" ")}: ${expected.join(" / ")}`);
    };

    // the README quickstart, in the project with only core and node installed
    const { ScriptedModel, createCodexHome, Item, Reply } = await import(
      pathToFileURL(join(project, "node_modules", "@codexkit", "testing", "dist", "index.js")).href
    );
    const model = await ScriptedModel.start({
      script: [
        Reply.message(`A TypeScript SDK for codex app-server (${major}).`),
        Reply.items([Item.message(`core, node, testing (${major})`, { stream: true })]),
      ],
    });
    const home = await createCodexHome({ baseUrl: model.baseUrl });
    try {
      const file = join(nodeOnly, `quickstart-${major}.mjs`);
      writeFileSync(file, readmeQuickstart());
      await exec([file], { cwd: home.workspace, env: { ...OFFLINE, ...home.env } }, [
        `A TypeScript SDK for codex app-server (${major}).`,
        `core, node, testing (${major})`,
      ]);
    } finally {
      await home.dispose();
      await model.close();
    }

    await exec([join(project, "out", "quickstart.js")], { cwd: project }, [
      "quickstart: completed: hello from the packed tarballs",
      "quickstart: ai-sdk: hello through the AI SDK",
    ]);
    await exec([join(project, "require.cjs")], { cwd: project }, [
      "require: completed: hello from require()",
    ]);
    const turns = node === process.execPath ? [...bundles.turns, [bundles.banner, "stdio"]] : bundles.turns;
    for (const [file, transport] of turns) {
      await exec([file, transport], { cwd: project }, [
        `bundle: ${transport}: completed: hello from a bundle`,
      ]);
    }
    for (const [, file] of bundles.notFound) {
      await exec([file], { cwd: bundles.alone, env: { ...OFFLINE, PATH: dirname(node), CODEX_PATH: "" } }, [
        "not-found: CodexBinaryNotFoundError binary_not_found",
      ]);
    }
    const bridge = join(project, "node_modules", "@codexkit", "mcp-bridge", "bin", "codexkit-mcp.js");
    await exec([bridge, "--version"], { cwd: project }, [
      manifestOf(join(root, "packages", "mcp-bridge")).version,
    ]);
  } finally {
    console.log(log.join("\n"));
  }
}
