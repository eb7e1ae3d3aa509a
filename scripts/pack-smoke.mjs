#!/usr/bin/env node
// Packed-tarball smoke test: what users get from npm, without workspace links.
//   1. `pnpm pack` every public package (pnpm rewrites `workspace:` ranges to real versions)
//   2. check each tarball: only dist/, README.md and package.json; no `workspace:` ranges left
//   3. `npm install` the tarballs (plus typescript and @types/node) into a fresh temp project
//   4. `tsc --noEmit` (strict, library checks on) a file importing every package, with
//      moduleResolution nodenext and with bundler
//   5. compile and run a quickstart against ScriptedModel from the installed @codexkit/testing, directly and
//      through the AI SDK provider (`generateText` from `ai`)
//   6. run the bridge's bin through `npx codexkit-mcp --help` / `--version` from the installed tarball
//   7. type-check core, node and testing without @types/node (the published .d.ts must not need it)
//   8. require() every package from CommonJS (Node >= 20.19 loads the ESM build) and run the quickstart
//   9. bundle the quickstart with esbuild (cjs, and esm with the createRequire banner) and run both; a
//      bundle that cannot find codex fails with CodexBinaryNotFoundError
// Run after `pnpm build`. Keep the temp project with --keep.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = ["core", "node", "testing", "mcp-bridge", "ai-sdk"];
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const TYPESCRIPT = rootManifest.devDependencies.typescript;
const TYPES_NODE = rootManifest.devDependencies["@types/node"];
const AI = JSON.parse(readFileSync(join(root, "packages", "ai-sdk", "package.json"), "utf8")).devDependencies
  .ai;
/** esbuild from the workspace (a root devDependency, its JS API), bundling from the temp project's node_modules. */
const esbuild = createRequire(join(root, "package.json"))("esbuild");
/** The README's banner for ESM bundles: vscode-jsonrpc (CommonJS) calls require("util") at runtime. */
const ESM_BANNER =
  'import { createRequire as __codexkitCreateRequire } from "node:module"; const require = __codexkitCreateRequire(import.meta.url);';

const work = mkdtempSync(join(tmpdir(), "codexkit-pack-smoke-"));
const tarballs = join(work, "tarballs");
const project = join(work, "project");
mkdirSync(tarballs);
mkdirSync(project);

function run(command, args, options = {}) {
  console.log(`> ${command} ${args.join(" ")}`);
  return execFileSync(command, args, { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", ...options });
}
function step(title) {
  console.log(`\n=== ${title}`);
}
function fail(message) {
  throw new Error(message);
}
/** Problems with the tarballs' contents: reported together at the end, after the other steps ran. */
const problems = [];

try {
  step("pack");
  const packed = {};
  for (const name of PACKAGES) {
    const dir = join(root, "packages", name);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const before = new Set(readdirSync(tarballs));
    run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: dir });
    const created = readdirSync(tarballs).filter((file) => !before.has(file));
    if (created.length !== 1) fail(`pnpm pack in ${dir} produced ${created.length} tarballs`);
    packed[manifest.name] = join(tarballs, created[0]);
  }

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

  step("install the tarballs with npm into a fresh project");
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify({ name: "codexkit-pack-smoke", private: true, type: "module" }, null, 2)}\n`,
  );
  run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
      ...Object.values(packed),
      `typescript@${TYPESCRIPT}`,
      `@types/node@${TYPES_NODE}`,
      `ai@${AI}`,
    ],
    { cwd: project, stdio: ["ignore", "inherit", "inherit"] },
  );
  for (const name of Object.keys(packed)) {
    const installed = JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8"));
    console.log(`installed ${name}@${installed.version}`);
  }

  step("type-check a file importing every package (nodenext and bundler)");
  mkdirSync(join(project, "src"));
  writeFileSync(
    join(project, "src", "imports.ts"),
    `import { ApprovalMode, CodexError, normalizeInput, type Notification, type protocol } from "@codexkit/core";
import { type CodexLanguageModel, createCodexProvider } from "@codexkit/ai-sdk";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { BridgeError, createBridgeServer, OperatorPolicy } from "@codexkit/mcp-bridge";
import { acceptAll, Codex, type ThreadStartOptions, type TurnResult, TurnHandle } from "@codexkit/node";
import { createCodexHome, createTestCodex, Item, Reply, ScriptedModel } from "@codexkit/testing";

const options: ThreadStartOptions = { approvalMode: ApprovalMode.ask, onApproval: acceptAll };
const describe = (event: Notification): string =>
  event.method === "item/agentMessage/delta" ? event.params.delta : event.method;
const status: TurnResult["status"] = "completed";
const input: protocol.v2.UserInput[] = normalizeInput("hello");
const reply = Reply.items([Item.message("hi")]);
// @ts-expect-error approvalMode is checked against the real union
const wrong: ThreadStartOptions = { approvalMode: "sometimes" };
const model: LanguageModelV3 = createCodexProvider({ approvalMode: ApprovalMode.ask })("gpt-5.5") satisfies CodexLanguageModel;

export const used = [
  Codex, TurnHandle, CodexError, BridgeError, createBridgeServer, OperatorPolicy,
  createCodexHome, createTestCodex, ScriptedModel, options, describe, status, input, reply, wrong, model,
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
  const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
  /**
   * Type-checks with library checks on, so errors inside our shipped .d.ts count. Errors located in other
   * packages' declarations (e.g. the MCP SDK's need for DOM's HeadersInit) are not ours: listed, not fatal.
   */
  const typecheck = (config) => {
    const result = spawnSync(process.execPath, [tsc, "-p", config, "--noEmit", "--pretty", "false"], {
      cwd: project,
      encoding: "utf8",
    });
    const errors = `${result.stdout}${result.stderr}`.split("\n").filter((line) => /error TS\d+/.test(line));
    const foreign = errors.filter(
      (line) => /^node_modules\//.test(line) && !/^node_modules\/@codexkit\//.test(line),
    );
    const ours = errors.filter((line) => !foreign.includes(line));
    for (const line of foreign) console.log(`  (not ours, ignored) ${line}`);
    if (ours.length > 0 || (result.status !== 0 && errors.length === 0)) {
      fail(`tsc -p ${config} failed:\n${ours.join("\n") || result.stdout + result.stderr}`);
    }
    console.log(`ok tsc --noEmit -p ${config}`);
  };
  typecheck("tsconfig.nodenext.json");
  typecheck("tsconfig.bundler.json");

  step("run a quickstart against ScriptedModel from the installed @codexkit/testing");
  // emit only (already type-checked above); skipLibCheck so third-party declaration issues do not block it
  run(process.execPath, [tsc, "-p", "tsconfig.nodenext.json", "--skipLibCheck"], {
    cwd: project,
    stdio: "inherit",
  });
  const quickstart = run(process.execPath, [join(project, "out", "quickstart.js")], {
    cwd: project,
    env: { ...process.env, OPENAI_API_KEY: "", RUST_LOG: "warn" },
  });
  process.stdout.write(quickstart);
  if (!quickstart.includes("quickstart: completed: hello from the packed tarballs"))
    fail("quickstart did not complete");
  if (!quickstart.includes("quickstart: ai-sdk: hello through the AI SDK"))
    fail("the AI SDK quickstart did not complete");

  step("run the bridge bin through npx from the installed tarball");
  const help = run("npx", ["--no-install", "codexkit-mcp", "--help"], { cwd: project });
  if (!help.startsWith("Usage: codexkit-mcp")) fail(`codexkit-mcp --help printed:\n${help}`);
  console.log(help.split("\n")[0]);
  const version = run("npx", ["--no-install", "codexkit-mcp", "--version"], { cwd: project }).trim();
  const expected = JSON.parse(
    readFileSync(join(root, "packages", "mcp-bridge", "package.json"), "utf8"),
  ).version;
  if (version !== expected) fail(`codexkit-mcp --version printed ${version}, expected ${expected}`);
  console.log(`codexkit-mcp --version: ${version}`);

  step("type-check core, node and testing without @types/node");
  writeFileSync(
    join(project, "src", "no-node-types.ts"),
    `import { CodexError, normalizeInput } from "@codexkit/core";
import { Codex, ProcessExitedError, type SignalName, type ThreadStartOptions } from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";

const options: ThreadStartOptions = { sandbox: "workspaceWrite", cwd: "/tmp" };
const signal: SignalName | null = new ProcessExitedError(1, null, "").signal;
export const used = [CodexError, normalizeInput, Codex, createTestCodex, Reply, options, signal];
`,
  );
  writeFileSync(
    join(project, "tsconfig.nonode.json"),
    `${JSON.stringify(
      {
        compilerOptions: {
          ...base,
          // no @types/node; DOM for AbortSignal, ESNext.Disposable for `await using` (which @types/node
          // would otherwise declare): what the README asks of a project without @types/node
          types: [],
          lib: ["ES2023", "ESNext.Disposable", "DOM"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          noEmit: true,
        },
        files: ["src/no-node-types.ts"],
      },
      null,
      2,
    )}\n`,
  );
  const nonode = spawnSync(
    process.execPath,
    [tsc, "-p", "tsconfig.nonode.json", "--pretty", "false", "--listFiles"],
    { cwd: project, encoding: "utf8" },
  );
  const nonodeOut = `${nonode.stdout}${nonode.stderr}`;
  if (nonode.status !== 0) fail(`tsc without @types/node failed:\n${nonodeOut}`);
  if (/node_modules\/@types\/node\//.test(nonodeOut))
    fail("the type-check without @types/node still loaded @types/node (a declaration references it)");
  console.log("ok tsc -p tsconfig.nonode.json (no @types/node loaded)");

  step("require() every package from CommonJS");
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
  const required = run(process.execPath, [join(project, "require.cjs")], {
    cwd: project,
    env: { ...process.env, OPENAI_API_KEY: "", RUST_LOG: "warn" },
  });
  process.stdout.write(required);
  if (!required.includes("require: completed: hello from require()"))
    fail("require() quickstart did not complete");

  step("bundle with esbuild (cjs, and esm with the createRequire banner) and run the bundles");
  writeFileSync(
    join(project, "src", "bundled.mjs"),
    `import { createTestCodex, Reply } from "@codexkit/testing";

const t = await createTestCodex({ script: [Reply.message("hello from a bundle")] });
try {
  const thread = await t.codex.threadStart({ cwd: t.workspace });
  const result = await thread.run("Say hello.");
  console.log(\`bundle: \${result.status}: \${result.finalResponse}\`);
} finally {
  await t.dispose();
}
`,
  );
  writeFileSync(
    join(project, "src", "not-found.mjs"),
    `import { Codex } from "@codexkit/node";

const codex = new Codex();
try {
  await codex.start();
  console.log("not-found: started?!");
} catch (error) {
  console.log(\`not-found: \${error.name} \${error.code}\`);
} finally {
  await codex.close();
}
`,
  );
  const bundle = (entry, format, outfile) => {
    console.log(`> esbuild ${entry} --bundle --platform=node --format=${format} --outfile=${outfile}`);
    esbuild.buildSync({
      absWorkingDir: project,
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      target: "node20",
      format,
      ...(format === "esm" ? { banner: { js: ESM_BANNER } } : {}),
      logLevel: "error",
      outfile,
    });
  };
  const bundleEnv = { ...process.env, OPENAI_API_KEY: "", RUST_LOG: "warn" };
  // cjs: the same program in an async function (esbuild cannot emit top-level await in cjs)
  for (const [format, outfile] of [
    ["esm", join(project, "out", "bundle.mjs")],
    ["cjs", join(project, "out", "bundle.cjs")],
  ]) {
    const entry = format === "cjs" ? cjsEntry(project) : "src/bundled.mjs";
    bundle(entry, format, outfile);
    const output = run(process.execPath, [outfile], { cwd: project, env: bundleEnv });
    process.stdout.write(output);
    if (!output.includes("bundle: completed: hello from a bundle"))
      fail(`the ${format} bundle did not complete`);
  }
  // a bundle far from any node_modules, with no codex on PATH: a typed error, not a TypeError
  const alone = join(work, "alone");
  mkdirSync(alone);
  for (const [format, outfile] of [
    ["esm", join(alone, "not-found.mjs")],
    ["cjs", join(alone, "not-found.cjs")],
  ]) {
    const entry = format === "cjs" ? cjsEntry(project, "not-found") : "src/not-found.mjs";
    bundle(entry, format, outfile);
    const output = run(process.execPath, [outfile], {
      cwd: alone,
      env: { ...bundleEnv, PATH: dirname(process.execPath), CODEX_PATH: "" },
    });
    process.stdout.write(output);
    if (!output.includes("not-found: CodexBinaryNotFoundError binary_not_found"))
      fail(`the ${format} bundle without codex did not fail with CodexBinaryNotFoundError`);
  }

  if (problems.length > 0) fail(`the tarballs have problems:\n  - ${problems.join("\n  - ")}`);
  console.log(`\npack smoke test passed (${Object.keys(packed).join(", ")})`);
} catch (error) {
  console.error(`\n✗ pack smoke test failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (process.argv.includes("--keep")) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

/**
 * A CommonJS-friendly entry for `name` (esbuild cannot emit top-level await in cjs): the same program in
 * an async function. Written next to the ESM entry; returns its path relative to `project`.
 */
function cjsEntry(project, name = "bundled") {
  const source = readFileSync(join(project, "src", `${name}.mjs`), "utf8");
  const imports = source.split("\n").filter((line) => line.startsWith("import "));
  const body = source.split("\n").filter((line) => !line.startsWith("import "));
  const file = join("src", `${name}-cjs.mjs`);
  writeFileSync(
    join(project, file),
    `${imports.join("\n")}\n\nvoid (async () => {\n${body.join("\n")}\n})();\n`,
  );
  return file;
}
