import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

export default defineConfig({
  // index: the library (createBridgeServer, CodexBridge, OperatorPolicy, …); cli: the `codexkit-mcp` bin,
  // whose `#!/usr/bin/env node` line (first line of src/cli.ts) esbuild keeps at the top of dist/cli.js.
  entry: { index: "src/index.ts", cli: "src/cli.ts" },
  format: ["esm"],
  dts: { entry: { index: "src/index.ts" } },
  sourcemap: true,
  clean: true,
  target: "node20",
  define: { __CODEXKIT_MCP_VERSION__: JSON.stringify(version) },
});
