import { scaledTimeout } from "@codexkit/test-support";
import { defineConfig } from "vitest/config";

// AI SDK 7 (`ai7`, an alias of ai@7, which needs Node >= 22): run by scripts/test-ai7.mjs on a Node 22 binary,
// in the app-server tier
export default defineConfig({
  test: {
    include: ["test/ai7/**/*.test.ts"],
    testTimeout: scaledTimeout(30_000),
    hookTimeout: scaledTimeout(30_000),
  },
});
