import { defineConfig } from "vitest/config";

// AI SDK 6 (`ai`), on the toolchain's Node; test/ai7 runs on Node 22 with AI SDK 7 (vitest.ai7.config.ts)
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/ai7/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
