import { defineSuiteConfig } from "@codexkit/test-support/vitest";

export default defineSuiteConfig({
  fast: ["test/maps-mcp-and-web-search-items.test.ts", "test/satisfies-the-v3-specification.test.ts"],
});
