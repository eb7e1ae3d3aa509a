import { defineConfig } from "tsup";

export default defineConfig([
  {
    // internal.ts: the machinery codexkit's own packages use (`@codexkit/core/internal`, no compatibility promise).
    // One JavaScript build of both entries, so what they share (the error classes, …) is one chunk: one class each.
    entry: ["src/index.ts", "src/internal.ts"],
    format: ["esm"],
    // The declarations are rolled up once per entry (here index, below internal): a rollup of both entries
    // moves the types both use into a shared chunk, and rollup-plugin-dts then declares the members of the
    // `protocol` namespace that come from that chunk as values (`declare const X: typeof X`), so a type such
    // as `protocol.v2.Turn` would not be one.
    dts: { entry: { index: "src/index.ts" } },
    sourcemap: true,
    clean: true,
    target: "node20",
  },
  {
    entry: { internal: "src/internal.ts" },
    format: ["esm"],
    dts: { only: true },
    target: "node20",
  },
]);
