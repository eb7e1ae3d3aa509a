/**
 * The vitest configuration every package's suite shares: its three tiers, and timeouts that derive from the
 * suite-wide time scale.
 *
 * - `fast`: no app-server. MemoryTransport, the fake app-server, pure functions. Seconds.
 * - `app-server`: the real `codex app-server` against `ScriptedModel` (and the bridge's bin, the examples).
 * - `soak`: long many-turn runs. Only `pnpm test:soak`; not in `npm test` and not in CI.
 *
 * A package lists its fast and soak files; every other test file is in the app-server tier, so a new file
 * that spawns codex can never land in the fast tier by omission.
 *
 * @module
 */
import type { TestProjectInlineConfiguration, ViteUserConfig } from "vitest/config";
import { scaledTimeout } from "./time-scale.js";

/** The tiers, as vitest project names (`vitest run --project fast`). */
export const TIERS = ["fast", "app-server", "soak"] as const;

/** One of {@link TIERS}. */
export type Tier = (typeof TIERS)[number];

/** Options of {@link defineSuiteConfig}. */
export interface SuiteConfigOptions {
  /** Globs (relative to the package) of the test files that start no app-server (none: no fast tier). */
  fast: readonly string[];
  /** Globs of the soak files (default none). */
  soak?: readonly string[];
  /** Globs of test files that another config runs (e.g. ai-sdk's AI SDK 7 tests, on Node 22): in no tier here. */
  elsewhere?: readonly string[];
  /** Options shared by every tier (e.g. `globalSetup`), besides `include` and the timeouts. */
  test?: NonNullable<ViteUserConfig["test"]>;
  /** The rest of the Vite configuration (`define`, `resolve`, …). */
  vite?: Omit<ViteUserConfig, "test">;
}

/** Every test file of a package. */
const ALL = "test/**/*.test.ts";

/**
 * A package's `vitest.config.ts`: one vitest project per tier. Tests and hooks get 30 s (a soak 15 min),
 * scaled by `CODEXKIT_TEST_TIME_SCALE`.
 */
export function defineSuiteConfig(options: SuiteConfigOptions): ViteUserConfig {
  const fast = [...options.fast];
  const soak = [...(options.soak ?? [])];
  const elsewhere = [...(options.elsewhere ?? [])];
  const projects: TestProjectInlineConfiguration[] = [
    {
      extends: true,
      test: { name: "app-server", include: [ALL], exclude: [...fast, ...soak, ...elsewhere] },
    },
  ];
  if (fast.length > 0) projects.unshift({ extends: true, test: { name: "fast", include: fast } });
  if (soak.length > 0) {
    projects.push({
      extends: true,
      test: {
        name: "soak",
        include: soak,
        testTimeout: scaledTimeout(15 * 60_000),
        hookTimeout: scaledTimeout(60_000),
      },
    });
  }
  return {
    ...options.vite,
    test: {
      ...options.test,
      // Guards against a hang, not measures: a test that spawns codex (and a shell, or the Inspector through
      // npx) can take 20 s on a busy 2-core machine, and one waiting longer than this is stuck.
      testTimeout: scaledTimeout(90_000),
      hookTimeout: scaledTimeout(60_000),
      projects,
    },
  };
}
