import { defineConfig } from "vitest/config";

// AI SDK 7 (`ai7`, an alias of ai@7, which needs Node >= 22): run by scripts/test-ai7.mjs on a Node 22 binary
export default defineConfig({
  test: {
    include: ["test/ai7/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
