import { defineSuiteConfig } from "@codexkit/test-support/vitest";

// every example runs a real app-server against the scripted model: no fast tier
export default defineSuiteConfig({ fast: [] });
