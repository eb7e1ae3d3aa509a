import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

export default defineConfig({
  define: { __CODEXKIT_VERSION__: JSON.stringify(version) },
  resolve: {
    alias: {
      // @codexkit/testing depends on this package, so it cannot be a devDependency here (a workspace cycle):
      // tests use its source, and its `@codexkit/node` import resolves to this package's source.
      "@codexkit/testing": fileURLToPath(new URL("../testing/src/index.ts", import.meta.url)),
      "@codexkit/node/remote": fileURLToPath(new URL("./src/remote.ts", import.meta.url)),
      "@codexkit/node": fileURLToPath(new URL("./src/index.ts", import.meta.url)),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
