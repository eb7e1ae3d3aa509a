import { defineConfig } from "tsup";

export default defineConfig({
  // internal.ts: the machinery codexkit's own packages use (`@codexkit/core/internal`, no compatibility promise)
  entry: ["src/index.ts", "src/internal.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
});
