import { InvalidInputError } from "@codexkit/core";
import { checkOneOf } from "../internal/validation.js";
import type { ThreadStartOptions } from "../thread/thread-options.js";

/**
 * A named setup of {@link Codex}, chosen with `new Codex({ preset })`. Nothing is applied unless you ask.
 *
 * - `"throughput"`: fewer app-server CPU-milliseconds per turn, for programs that run many short-lived
 *   agents (measured on codex 0.171, scripted model, 2 cores: see docs/scaling.md, "Throughput"). It does two
 *   things, each with a cost in behaviour:
 *   1. **Threads start ephemeral**: `threadStart` sends `ephemeral: true` unless you pass `ephemeral`
 *      yourself (`threadStart({ ephemeral: false })` wins). codex writes no rollout for such a thread, so it is
 *      not listed by `threadList`, cannot be resumed or forked (refused with {@link ThreadNotStoredError}, even
 *      while loaded) and is gone once the app-server unloads it or restarts. `threadResume` and `threadFork` are
 *      unaffected.
 *   2. **Shell snapshots off** (`-c features.shell_snapshot=false` on the spawned `codex app-server`): codex no
 *      longer starts your login shell per new thread to capture its environment, so the agent's commands run
 *      with the app-server's own environment (`process.env` merged with `env`), not what your shell profile
 *      (`~/.bashrc`, `~/.zshrc`, …) would set up. A `config` entry for `features.shell_snapshot` overrides it.
 *      This part is a spawn flag: it only applies to an app-server this client spawns; a client of an app-server
 *      started elsewhere (a remote `url`) is refused the preset — set `[features] shell_snapshot = false` in that
 *      server's `config.toml` and pass `ephemeral: true` to `threadStart` instead.
 */
export type CodexPreset = "throughput";

const PRESETS = ["throughput"] as const satisfies readonly CodexPreset[];

/** The `-c` overrides of `preset`, placed before the caller's own `config` overrides (which win). */
export function presetConfigOverrides(preset: CodexPreset | undefined): string[] {
  return preset === "throughput" ? ["features.shell_snapshot=false"] : [];
}

/** `threadStart` options with the preset's defaults filled in where the caller left them out. */
export function withPresetThreadDefaults(
  preset: CodexPreset | undefined,
  options: ThreadStartOptions,
): ThreadStartOptions {
  if (preset !== "throughput" || options.ephemeral !== undefined) return options;
  return { ...options, ephemeral: true };
}

/** Refuses an unknown preset, and a preset whose spawn flags could not reach the server (a remote `url`). */
export function checkPreset(options: { preset?: unknown; url?: unknown }): void {
  checkOneOf(options.preset, "preset", PRESETS);
  if (options.preset !== undefined && options.url !== undefined) {
    throw new InvalidInputError(
      `preset ${JSON.stringify(options.preset)} needs a spawned app-server (it passes -c features.shell_snapshot=false), ` +
        "but this client connects to a remote one (url): set [features] shell_snapshot = false in that server's " +
        "config.toml and pass { ephemeral: true } to threadStart instead",
    );
  }
}
