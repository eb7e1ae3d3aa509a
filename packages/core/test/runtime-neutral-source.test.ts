import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(c|m)?tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Every module specifier in a source text — static imports/exports, `import type`, dynamic `import()`
 * and `require()` — as TypeScript's own pre-processor sees them (strings that merely contain "import"
 * are not mistaken for imports).
 */
function moduleSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
}

const builtins = new Set(builtinModules.flatMap((name) => [name, name.split("/")[0]!]));
const isNodeBuiltin = (specifier: string) =>
  specifier.startsWith("node:") || builtins.has(specifier) || builtins.has(specifier.split("/")[0]!);

describe("core stays runtime-neutral", () => {
  it("the specifier scanner finds node imports in every form", () => {
    const sample = [
      'import { readFile } from "node:fs/promises";',
      "import * as cp from 'child_process';",
      'export { x } from "fs";',
      'import "path";',
      'const os = await import("os");',
      'const u = require("util");',
      'import type { X } from "./local.js";',
      'import {\n  a,\n  b,\n} from "vscode-jsonrpc";',
      'type M = { "method": "externalAgentConfig/import", id: RequestId };',
    ].join("\n");
    const found = moduleSpecifiers(sample);
    expect(found.sort()).toEqual(
      [
        "./local.js",
        "child_process",
        "fs",
        "node:fs/promises",
        "os",
        "path",
        "util",
        "vscode-jsonrpc",
      ].sort(),
    );
    expect(found.filter(isNodeBuiltin).sort()).toEqual(
      ["child_process", "fs", "node:fs/promises", "os", "path", "util"].sort(),
    );
  });

  it("no file under packages/core/src imports a node builtin", () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50); // the generated protocol is included
    const offenders = files.flatMap((file) =>
      moduleSpecifiers(readFileSync(file, "utf8"))
        .filter(isNodeBuiltin)
        .map((specifier) => `${relative(SRC, file)}: ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it("core imports only relative modules and vscode-jsonrpc's runtime-neutral entry", () => {
    const external = new Set(
      sourceFiles(SRC).flatMap((file) =>
        moduleSpecifiers(readFileSync(file, "utf8")).filter((s) => !s.startsWith(".")),
      ),
    );
    expect([...external]).toEqual(["vscode-jsonrpc"]);
  });
});
