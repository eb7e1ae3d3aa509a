#!/usr/bin/env node
// Fails when the source files of a package import each other in a circle.
//
//   node scripts/check-import-circles.mjs                  every package's src/
//   node scripts/check-import-circles.mjs node core        only those packages
//   node scripts/check-import-circles.mjs --allow <pkg>    report <pkg>'s circles without failing (a known
//                                                          circle being fixed elsewhere; remove once it is)
//
// A circle is a set of files that reach each other through relative imports (type-only imports count: they
// tie the files' meaning together just the same). Each circle is printed once, as one path around it.
// Reads the files with TypeScript's own pre-processor, so no dependency beyond the workspace's typescript.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const allowed = new Set(args.flatMap((arg, i) => (args[i - 1] === "--allow" ? [arg] : [])));
const only = args.filter((arg, i) => arg !== "--allow" && args[i - 1] !== "--allow");
const packages = readdirSync(join(root, "packages")).filter(
  (name) => existsSync(join(root, "packages", name, "src")) && (only.length === 0 || only.includes(name)),
);

/** Every .ts file below `dir` (generated protocol types included: they may not import back either). */
function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.m?tsx?$/.test(name) ? [path] : [];
  });
}

/** The file a relative specifier names: `./x.js` is `./x.ts` in the source, `./dir` its `index.ts`. */
function resolveSpecifier(from, specifier) {
  const base = resolve(dirname(from), specifier);
  const candidates = [
    base.replace(/\.(m?)js$/, ".$1ts"),
    base.replace(/\.(m?)js$/, ".$1tsx"),
    base,
    `${base}.ts`,
    join(base, "index.ts"),
  ];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile());
}

const edges = new Map();
for (const name of packages) {
  for (const file of sourceFiles(join(root, "packages", name, "src"))) {
    const imported = ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles;
    const targets = imported
      .map((entry) => entry.fileName)
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => resolveSpecifier(file, specifier))
      .filter((target) => target !== undefined);
    edges.set(file, [...new Set(targets)]);
  }
}

// Tarjan's strongly connected components: every component of more than one file (or a file importing
// itself) is a circle.
let index = 0;
const stack = [];
const state = new Map();
const circles = [];
function connect(file) {
  const entry = { index, low: index, onStack: true };
  index++;
  state.set(file, entry);
  stack.push(file);
  for (const target of edges.get(file) ?? []) {
    const seen = state.get(target);
    if (!seen) {
      connect(target);
      entry.low = Math.min(entry.low, state.get(target).low);
    } else if (seen.onStack) {
      entry.low = Math.min(entry.low, seen.index);
    }
  }
  if (entry.low !== entry.index) return;
  const component = [];
  let member;
  do {
    member = stack.pop();
    state.get(member).onStack = false;
    component.push(member);
  } while (member !== file);
  if (component.length > 1 || (edges.get(file) ?? []).includes(file)) circles.push(component);
}
for (const file of edges.keys()) if (!state.has(file)) connect(file);

/** One path around a circle, from its first file (by name) back to it, through the circle's files only. */
function pathAround(component) {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const queue = [[start]];
  const visited = new Set();
  while (queue.length > 0) {
    const path = queue.shift();
    const last = path[path.length - 1];
    for (const target of edges.get(last) ?? []) {
      if (target === start) return [...path, start];
      if (members.has(target) && !visited.has(target)) {
        visited.add(target);
        queue.push([...path, target]);
      }
    }
  }
  return [start, start];
}

const show = (file) => relative(join(root, "packages"), file);
const packageOf = (file) => show(file).split("/")[0];
const failing = circles.filter((component) => !allowed.has(packageOf(component[0])));
if (circles.length === 0) {
  console.log(`no import circles (${edges.size} files in ${packages.join(", ")})`);
} else {
  const log = failing.length > 0 ? console.error : console.warn;
  log(`${failing.length > 0 ? "✗" : "!"} ${circles.length} import circle(s), ${failing.length} not allowed:`);
  for (const component of circles) {
    const note = allowed.has(packageOf(component[0])) ? " (allowed: --allow)" : "";
    log(`  ${pathAround(component).map(show).join(" → ")}${note}`);
    if (component.length > 2)
      log(`    (${component.length} files: ${component.map(show).sort().join(", ")})`);
  }
  if (failing.length > 0) process.exitCode = 1;
}
