import { defineSuiteConfig } from "@codexkit/test-support/vitest";

// AI SDK 6 (`ai`), on the toolchain's Node; test/ai7 runs on Node 22 with AI SDK 7 (vitest.ai7.config.ts,
// scripts/test-ai7.mjs), in the app-server tier
export default defineSuiteConfig({
  fast: ["test/maps-mcp-and-web-search-items.test.ts", "test/satisfies-the-v3-specification.test.ts"],
  elsewhere: ["test/ai7/**"],
});
