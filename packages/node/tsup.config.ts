import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
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
});
