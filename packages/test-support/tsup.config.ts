import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/vitest-config.ts"],
  format: ["esm"],
  dts: false, // the package exports its TypeScript sources as its types (private: no .d.ts to publish)
  sourcemap: true,
  clean: true,
  target: "node20",
});
