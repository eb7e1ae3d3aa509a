import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createCodexHome, Item, Reply, ScriptedModel, scaledTimeout } from "@codexkit/testing";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../..", import.meta.url));
const examples = fileURLToPath(new URL("..", import.meta.url));
const READMES = [
  "README.md",
  "packages/core/README.md",
  "packages/node/README.md",
  "packages/testing/README.md",
  "packages/mcp-bridge/README.md",
  "packages/examples/README.md",
];

/** The ```ts / ```js blocks of a README, with the line each starts on. */
async function snippets(readme: string): Promise<Array<{ line: number; code: string }>> {
  const text = await readFile(join(repo, readme), "utf8");
  const found: Array<{ line: number; code: string }> = [];
  const fence = /^```(ts|typescript|js|javascript)\n([\s\S]*?)^```$/gm;
  for (const match of text.matchAll(fence)) {
    found.push({ line: text.slice(0, match.index).split("\n").length, code: match[2] ?? "" });
  }
  return found;
}

/** TypeScript → JavaScript with every type erased and all other syntax kept as written (no lowering). */
function stripTypes(code: string): string {
  return ts.transpileModule(code, {
    compilerOptions: {
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: false,
    },
  }).outputText;
}

describe("README snippets", () => {
  it("every ts/js snippet parses on this Node (20 in CI: no `await using`), as an ES module", async () => {
    const dir = await mkdtemp(join(examples, "node_modules", ".readme-snippets-"));
    try {
      const checks: Array<Promise<string | undefined>> = [];
      for (const readme of READMES) {
        for (const { line, code } of await snippets(readme)) {
          const file = join(dir, `snippet-${checks.length}.mjs`);
          await writeFile(file, stripTypes(code));
          checks.push(
            run(process.execPath, ["--check", file]).then(
              () => undefined,
              (error: { stderr?: string }) =>
                `${readme}:${line}: ${error.stderr?.split("\n").find((l) => /Error/.test(l))}`,
            ),
          );
        }
      }
      const failures = (await Promise.all(checks)).filter((failure) => failure !== undefined);
      expect(checks.length).toBeGreaterThan(10);
      expect(failures).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it(
    "the root README quickstart runs as written, against the scripted model through CODEX_HOME",
    async () => {
      const [quickstart] = await snippets("README.md");
      expect(quickstart?.code).toContain("new Codex()");
      await using model = await ScriptedModel.start({
        script: [
          Reply.message("A TypeScript SDK for codex app-server."),
          Reply.items([Item.message("core, node, testing", { stream: true })]),
        ],
      });
      await using home = await createCodexHome({ baseUrl: model.baseUrl });
      const dir = await mkdtemp(join(examples, "node_modules", ".readme-quickstart-"));
      try {
        const file = join(dir, "quickstart.mjs");
        await writeFile(file, stripTypes(quickstart?.code ?? ""));
        const { stdout } = await run(process.execPath, [file], {
          cwd: home.workspace,
          env: { ...process.env, ...home.env, OPENAI_API_KEY: "", RUST_LOG: "warn" },
          timeout: scaledTimeout(60_000),
        });
        expect(stdout).toContain("A TypeScript SDK for codex app-server.");
        expect(stdout).toContain("core, node, testing");
        expect(model.requests).toHaveLength(2);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    scaledTimeout(90_000),
  );
});
