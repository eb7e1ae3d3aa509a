import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineSuiteConfig } from "@codexkit/test-support/vitest";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

export default defineSuiteConfig({
  // the fake app-server (test/fakes), or no process at all
  fast: [
    "test/connect-options.test.ts",
    "test/public-api-surface.test.ts",
    "test/tools-validation.test.ts",
    "test/reliability/a-reconnecting-transport-holds-while-its-owner-recovers.test.ts",
    "test/reliability/a-50-mb-line-is-handled-and-released.test.ts",
    "test/reliability/an-aborted-signal-sends-nothing.test.ts",
    "test/reliability/garbage-on-stdout-is-reported-not-fatal.test.ts",
    "test/reliability/malformed-input-is-rejected-before-sending.test.ts",
    "test/reliability/overload-is-retried-within-the-deadline.test.ts",
    "test/reliability/spawning-never-uses-a-shell.test.ts",
    "test/reliability/startup-failures-are-distinct-and-leave-no-orphan.test.ts",
    "test/reliability/turn-start-answered-after-the-turn-completed.test.ts",
    "test/reliability/unknown-server-requests-are-answered-not-hung.test.ts",
  ],
  soak: [
    "test/reliability/soak-a-pool-stays-bounded-and-resumes-every-thread.test.ts",
    "test/reliability/soak-settles-every-turn-and-leaks-nothing.test.ts",
  ],
  vite: {
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
  },
});
