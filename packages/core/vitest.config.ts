import { defineSuiteConfig } from "@codexkit/test-support/vitest";

export default defineSuiteConfig({
  // every file but real-app-server.test.ts plays the app-server itself (MemoryStream)
  fast: [
    "test/approval-mode-mapping.test.ts",
    "test/codex-error-texts.test.ts",
    "test/connection-lifecycle.test.ts",
    "test/error-mapping.test.ts",
    "test/input-normalisation.test.ts",
    "test/jsonl-framing.test.ts",
    "test/message-transports.test.ts",
    "test/retry-on-overload.test.ts",
    "test/runtime-neutral-source.test.ts",
    "test/server-request-defaults.test.ts",
    "test/server-version.test.ts",
    "test/turn-result-collection.test.ts",
    "test/turn-routing.test.ts",
  ],
});
