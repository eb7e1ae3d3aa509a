import { readFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, join } from "node:path";
import type { Plugin } from "esbuild";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** ws's license, kept in the bundle as a legal comment (esbuild moves `/*!` comments to the end of the file). */
const wsLicense = readFileSync(join(dirname(createRequire(import.meta.url).resolve("ws")), "LICENSE"), "utf8")
  .trim()
  .replace(/\*\//g, "* /");

/**
 * `ws` is CommonJS: each of its files `require()`s Node builtins (`events`, `http`, `crypto`, …). Bundled as
 * is into ESM, those become esbuild's `__require("events")`, which throws "Dynamic require of "events" is
 * not supported" in an ES module — and so would a user's ESM bundle of ours that pulls `ws` in. This plugin
 * bundles `ws` into dist/ with every such `require()` served from a static `import … from "node:…"`, so the
 * published ESM needs no `require` at all (no `createRequire` banner in users' bundles).
 * - `require("events")` resolves to a small CommonJS module, `module.exports = require(<builtin-import>).default`;
 * - that inner require resolves to an ES module, `import m from "node:events"; export default m;`, which
 *   esbuild keeps as a top-level `import` (a builtin's default export is its `module.exports`).
 * - ws's optional native add-ons (`bufferutil`, `utf-8-validate`, required inside try/catch) resolve to a
 *   module that throws, so ws takes its JavaScript fallback as it does when they are not installed.
 */
const requireFreeWs: Plugin = {
  name: "codexkit-require-free-ws",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.namespace === "builtin-require") return { path: args.path, namespace: "builtin-import" };
      if (args.kind !== "require-call") return undefined;
      if (isBuiltin(args.path))
        return { path: args.path.replace(/^node:/, ""), namespace: "builtin-require" };
      if (args.path === "bufferutil" || args.path === "utf-8-validate")
        return { path: args.path, namespace: "optional-addon" };
      return undefined;
    });
    build.onLoad({ filter: /.*/, namespace: "builtin-require" }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)}).default;`,
      loader: "js",
    }));
    build.onLoad({ filter: /.*/, namespace: "builtin-import" }, (args) => ({
      contents: `import builtin from ${JSON.stringify(`node:${args.path}`)}; export default builtin;`,
      loader: "js",
    }));
    build.onLoad({ filter: /.*/, namespace: "optional-addon" }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not bundled with @codexkit/node`)});`,
      loader: "js",
    }));
    // ws's ESM entry: its license travels with the bundled copy
    build.onLoad({ filter: /[\\/]ws[\\/]wrapper\.mjs$/ }, (args) => ({
      contents: `/*! ws (bundled into @codexkit/node) — ${wsLicense} */\n${readFileSync(args.path, "utf8")}`,
      loader: "js",
    }));
  },
};

export default defineConfig({
  entry: ["src/index.ts", "src/remote.ts"],
  format: ["esm"],
  // @internal members (constructors taking the internal Session) stay out of the public declarations
  dts: { compilerOptions: { stripInternal: true } },
  sourcemap: true,
  clean: true,
  target: "node20",
  define: { __CODEXKIT_VERSION__: JSON.stringify(version) },
  // ws is bundled (see requireFreeWs): the only CommonJS dependency the Node entry has
  noExternal: ["ws"],
  esbuildPlugins: [requireFreeWs],
});
