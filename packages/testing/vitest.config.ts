import { defineSuiteConfig } from "@codexkit/test-support/vitest";

export default defineSuiteConfig({
  // ScriptedModel over HTTP, SSE and TOML: no app-server
  fast: [
    "test/scripted-model.test.ts",
    "test/sse.test.ts",
    "test/toml.test.ts",
    "test/tool-call-replies.test.ts",
  ],
});
