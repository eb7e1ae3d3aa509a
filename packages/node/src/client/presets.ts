import { InvalidInputError } from "@codexkit/core";
import { checkOneOf } from "../internal/validation.js";
import type { ThreadStartOptions } from "../thread/thread-options.js";

/**
 * A named setup of {@link Codex}, chosen with `new Codex({ preset })`. Nothing is applied unless you ask.
 *
 * - `"throughput"`: fewer app-server CPU-milliseconds per turn, for programs that run many short-lived
 *   agents (measured on codex 0.171, scripted model, 2 cores: see docs/scaling.md, "Throughput"). It does
 *   three things, each with a cost in behaviour:
 *   1. **Threads start ephemeral**: `threadStart` sends `ephemeral: true` unless you pass `ephemeral`
 *      yourself (`threadStart({ ephemeral: false })` wins). codex writes no rollout for such a thread, so it is
 *      not listed by `threadList`, cannot be resumed or forked (refused with {@link ThreadNotStoredError}, even
 *      while loaded) and is gone once the app-server unloads it or restarts. `threadResume` and `threadFork` are
 *      unaffected.
 *   2. **Shell snapshots off** (`-c features.shell_snapshot=false`): codex no longer starts your login shell
 *      per new thread to capture its environment.
 *   3. **No shell profile per command** (`-c allow_login_shell=false`, and `ZDOTDIR=/dev/null` in the
 *      app-server's environment): codex runs each command as `bash -c` instead of `bash -lc`, so neither
 *      `/etc/profile` nor `~/.profile`, `~/.bash_profile`, `~/.bashrc` run for it — with a profile that starts
 *      pyenv, nvm or conda that is ≈0.4–0.6 s of CPU saved per command. For a user whose login shell is zsh,
 *      `zsh -c` would still read `~/.zshenv`; `ZDOTDIR=/dev/null` skips it (zsh then reads only the system's
 *      `/etc/zsh/zshenv`). If the model asks for a login shell anyway (`exec_command` with `login: true`),
 *      codex refuses that call and tells the model to omit `login`.
 *
 *   The price of 2 and 3: **the agent's commands get no profile environment**. They run with the app-server's
 *   own environment (`process.env` merged with `env`), so whatever your profile adds — PATH entries of
 *   nvm, pyenv, conda, cargo, Homebrew, aliases, exported variables — is missing unless your program's own
 *   environment already has it; pass what the commands need in `env` (e.g. `env: { PATH: … }`). Two things
 *   still run a bash startup file without a login shell: a `BASH_ENV` variable in the environment (bash
 *   sources it for every `bash -c`; the preset leaves it alone), and Debian/Ubuntu's bash sourcing `~/.bashrc`
 *   when its stdin is a socket or `SSH_CLIENT` is set and `SHLVL` is unset or 0 (the preset sets `SHLVL=1`
 *   when it is unset or 0).
 *
 *   A `config` entry for `features.shell_snapshot` or `allow_login_shell`, or an `env` entry for `ZDOTDIR`,
 *   overrides the preset's. These are spawn settings: they only apply to an app-server this client spawns, so
 *   the preset is refused with a remote `url`, a `command` or a `transport` — set `allow_login_shell = false`
 *   and `[features] shell_snapshot = false` in that server's `config.toml` and pass `ephemeral: true` to
 *   `threadStart` instead.
 */
export type CodexPreset = "throughput";

const PRESETS = ["throughput"] as const satisfies readonly CodexPreset[];

/** The `-c` overrides of `preset`, placed before the caller's own `config` overrides (which win). */
export function presetConfigOverrides(preset: CodexPreset | undefined): string[] {
  return preset === "throughput" ? ["features.shell_snapshot=false", "allow_login_shell=false"] : [];
}

/**
 * The app-server environment of `preset`, placed under the caller's own `env` (which wins): for
 * `"throughput"`, `ZDOTDIR=/dev/null`, so that a zsh user's `zsh -c` finds no `~/.zshenv` to read (zsh
 * silently skips startup files it cannot open).
 */
export function presetEnv(
  preset: CodexPreset | undefined,
  base: Readonly<Record<string, string | undefined>> = {},
): Record<string, string> {
  if (preset !== "throughput") return {};
  // Debian/Ubuntu's bash sources ~/.bashrc for a non-interactive `bash -c` whose stdin is a socket when its
  // shell level is below 2, i.e. when SHLVL is unset or 0 in the app-server's environment (as under turbo,
  // which passes no SHLVL to its tasks). SHLVL=1 makes the commands' bash level 2, so it reads nothing.
  const level = Number(base.SHLVL);
  return { ZDOTDIR: "/dev/null", ...(Number.isInteger(level) && level >= 1 ? {} : { SHLVL: "1" }) };
}

/** `threadStart` options with the preset's defaults filled in where the caller left them out. */
export function withPresetThreadDefaults(
  preset: CodexPreset | undefined,
  options: ThreadStartOptions,
): ThreadStartOptions {
  if (preset !== "throughput" || options.ephemeral !== undefined) return options;
  return { ...options, ephemeral: true };
}

/**
 * Refuses an unknown preset, and a preset whose spawn settings could not reach the server: a remote `url`,
 * a `command` (run verbatim) or a `transport`.
 */
export function checkPreset(options: {
  preset?: unknown;
  url?: unknown;
  command?: unknown;
  transport?: unknown;
}): void {
  checkOneOf(options.preset, "preset", PRESETS);
  if (options.preset === undefined) return;
  const elsewhere =
    options.url !== undefined
      ? "connects to a remote one (url)"
      : options.command !== undefined
        ? "runs a command verbatim (command)"
        : options.transport !== undefined
          ? "uses a transport it was given (transport)"
          : undefined;
  if (elsewhere === undefined) return;
  throw new InvalidInputError(
    `preset ${JSON.stringify(options.preset)} needs a spawned app-server (it passes -c features.shell_snapshot=false ` +
      `-c allow_login_shell=false), but this client ${elsewhere}: set [features] shell_snapshot = false in that ` +
      "server's config.toml, and allow_login_shell = false at its top level, and pass { ephemeral: true } to " +
      "threadStart instead",
  );
}
