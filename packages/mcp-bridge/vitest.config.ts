import { defineSuiteConfig } from "@codexkit/test-support/vitest";

export default defineSuiteConfig({
  fast: [
    "test/interrupts-reliably.test.ts",
    "test/parses-flags-and-env.test.ts",
    "test/policy-confines-runs.test.ts",
    "test/summarizes-turn-actions.test.ts",
  ],
  test: { globalSetup: ["test/support/global-setup.ts"] },
});
