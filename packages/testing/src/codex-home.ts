/**
 * {@link createCodexHome}: an isolated, disposable `CODEX_HOME` whose `config.toml` points codex at a
 * scripted model, plus a workspace directory to use as a thread `cwd`. Hermetic by default: the
 * commands codex runs start no login shell, read none of the caller's shell start-up files, and no
 * shell snapshots are taken.
 *
 * @module
 */

import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { seedCodexHome } from "./home-template.js";
import { lsbReleaseCacheDir } from "./lsb-release-cache.js";
import { otelConfig } from "./otlp-receiver.js";
import { isTomlTable, mergeTomlTables, type TomlTable, toToml } from "./toml.js";

/** Approval policies accepted by codex's `approval_policy`. */
export type ApprovalPolicy = "untrusted" | "on-failure" | "on-request" | "never";

/**
 * Sandbox modes accepted by codex's `sandbox_mode`, or the same sandbox in `@codexkit/node`'s `Sandbox`
 * spelling (`workspaceWrite`), which is written as codex's (`workspace-write`).
 */
export type SandboxMode =
  | "read-only"
  | "workspace-write"
  | "danger-full-access"
  | "readOnly"
  | "workspaceWrite"
  | "fullAccess";

/** The `Sandbox` spellings of `@codexkit/node`, as codex writes them in `config.toml`. */
const SANDBOX_MODES: Readonly<Record<string, string>> = {
  readOnly: "read-only",
  workspaceWrite: "workspace-write",
  fullAccess: "danger-full-access",
};

/** Options of {@link createCodexHome} and {@link buildConfigToml}. */
export interface CodexHomeOptions {
  /** Provider base URL, usually `ScriptedModel.baseUrl` (`http://127.0.0.1:PORT/v1`). */
  baseUrl: string;
  /** `model` (default `"mock-model"`; use a known slug such as `"gpt-5.5"` to get `apply_patch`). */
  model?: string;
  /** `approval_policy` (default `"never"`). */
  approvalPolicy?: ApprovalPolicy;
  /** `sandbox_mode` (default `"read-only"`); `Sandbox` spellings such as `"workspaceWrite"` are accepted too. */
  sandbox?: SandboxMode;
  /**
   * `approvals_reviewer`: `"auto_review"` (with `approvalPolicy: "on-request"`) is codex's default
   * mode, where escalations are judged by a reviewer model request; `"user"` sends them to the client.
   * Not written when omitted.
   */
  approvalsReviewer?: "user" | "auto_review";
  /**
   * `[features]` flags, merged over the default `{ plugins: false }`, which stops codex from
   * syncing curated plugins from the network at startup (set `plugins: true` to allow it).
   */
  features?: Readonly<Record<string, boolean>>;
  /**
   * More configuration: a table is deep-merged into the generated config (its values win);
   * a string is inserted verbatim after the generated top-level keys and before the generated
   * tables, so it may set top-level keys and add tables, but must not repeat generated tables.
   */
  extraConfig?: string | TomlTable;
  /**
   * Export codex's own spans (OTLP/HTTP, JSON) to `endpoint`, e.g. a `startOtlpReceiver()`'s: writes
   * a valid `[otel]` table ({@link otelConfig}). Codex exports in batches and when it shuts down.
   */
  otel?: {
    /** The OTLP/HTTP traces endpoint, e.g. `http://127.0.0.1:4318/v1/traces` (an `OtlpReceiver`'s `endpoint`). */
    readonly endpoint: string;
  };
  /** Parent directory of the temp dir (default `os.tmpdir()`). */
  parentDir?: string;
  /**
   * Keep the caller's shell out of the test (default `true`). Codex runs every command through the
   * user's shell, by default as a login shell (`bash -lc`) that reads `/etc/profile` and the caller's
   * `~/.profile` / `~/.bashrc`, and each thread takes one more login shell for a shell snapshot. Profiles
   * that run version managers (pyenv, nvm, conda) make that cost up to a second per command, and tests
   * would depend on whoever runs them. Hermetic, the home:
   * - writes `allow_login_shell = false` (commands run as `bash -c`, not `bash -lc`) and
   *   `[features] shell_snapshot = false` (unless `features` or `extraConfig` set them);
   * - sets `HOME` and `ZDOTDIR` of the app-server (so of its commands) to an empty directory,
   *   {@link CodexHome.userHome}, and `BASH_ENV` to empty, so no shell finds a start-up file of yours
   *   even if something still starts a login shell.
   *
   * `false` is for a test that wants the real shell: codex's defaults (login shells, shell snapshots)
   * and your `HOME`. Everything else of the caller's environment is inherited either way (see the README).
   */
  hermetic?: boolean;
  /**
   * Start the home with the SQLite databases codex creates at its first start (default `true`), empty, copied
   * from a template that the codex binary the tests run (as `resolveCodexBinary` finds it, or `codexPath`)
   * made once, cached in the temp dir per binary. Creating them is about half of an app-server's start-up
   * CPU (210–280 ms -> 110–150 ms measured with codex 0.171). Nothing else is copied (no `installation_id`,
   * no threads, no auth, no skills). `false` gives a home codex has never opened, for a test of first-start
   * behaviour. If the template cannot be made (no codex binary), the home is left unseeded.
   */
  seed?:
    | boolean
    | {
        /** The codex binary that makes the template (default: the one `resolveCodexBinary` finds). */
        readonly codexPath?: string;
      };
  /**
   * Put a cached `lsb_release` first on the app-server's `PATH` (default `true`). Codex runs `lsb_release -a`
   * twice at every start, to name the operating system in its user agent; on Debian and Ubuntu that is a
   * shell script costing about 60 ms of CPU per call. The cached one prints the same answer (the real
   * program's, captured once per process) in a few milliseconds and runs the real one for any other
   * arguments, so codex and the commands it runs see no difference. Where there is no `lsb_release`, nothing
   * is added. `false` leaves `PATH` alone.
   */
  cacheLsbRelease?: boolean;
}

/** A temporary codex home; remove it with {@link CodexHome.dispose} or `await using`. */
export interface CodexHome extends AsyncDisposable {
  /** The temp dir holding `home` and `workspace`. */
  readonly root: string;
  /** The `CODEX_HOME` directory (contains `config.toml`). */
  readonly path: string;
  /** An empty directory to use as a thread `cwd`. */
  readonly workspace: string;
  /** Whether the home is hermetic (see {@link CodexHomeOptions.hermetic}). */
  readonly hermetic: boolean;
  /**
   * The empty directory used as the app-server's `HOME` (and `ZDOTDIR`) when hermetic, inside
   * {@link CodexHome.root}; `undefined` when not hermetic.
   */
  readonly userHome: string | undefined;
  /**
   * Environment for the app-server process, to merge over `process.env`: `CODEX_HOME` and
   * `CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG=1`; hermetic, also `HOME` and `ZDOTDIR` (= {@link CodexHome.userHome})
   * and `BASH_ENV=""`; with a cached `lsb_release` (see {@link CodexHomeOptions.cacheLsbRelease}), `PATH` (its
   * directory, then this process's `PATH`).
   */
  readonly env: Readonly<Record<string, string>>;
  /** The `config.toml` that was written. */
  readonly configToml: string;
  /** Deletes the whole temp dir. Safe to call repeatedly. */
  dispose(): Promise<void>;
}

/** Feature flags written unless overridden: no network plugin sync at startup. */
const DEFAULT_FEATURES: Readonly<Record<string, boolean>> = { plugins: false };

/** Feature flags a hermetic home adds, unless overridden: no shell snapshot (a login shell per thread). */
const HERMETIC_FEATURES: Readonly<Record<string, boolean>> = { shell_snapshot: false };

/** Builds the config table (before any string `extraConfig`). */
function configTable(options: CodexHomeOptions): TomlTable {
  const hermetic = options.hermetic ?? true;
  const base: TomlTable = {
    model: options.model ?? "mock-model",
    model_provider: "mock",
    approval_policy: options.approvalPolicy ?? "never",
    sandbox_mode: options.sandbox ? (SANDBOX_MODES[options.sandbox] ?? options.sandbox) : "read-only",
    approvals_reviewer: options.approvalsReviewer,
    allow_login_shell: hermetic ? false : undefined,
    model_providers: {
      mock: {
        name: "mock",
        base_url: options.baseUrl,
        wire_api: "responses",
        request_max_retries: 0,
        stream_max_retries: 0,
      },
    },
    features: { ...DEFAULT_FEATURES, ...(hermetic ? HERMETIC_FEATURES : {}), ...options.features },
    otel: options.otel ? otelConfig(options.otel.endpoint) : undefined,
  };
  return isTomlTable(options.extraConfig) ? mergeTomlTables(base, options.extraConfig) : base;
}

/**
 * The `config.toml` text for a scripted-model provider named `mock` (`wire_api = "responses"`,
 * no request or stream retries, so scripted errors fail the turn at once). Hermetic (the default), it
 * also has `allow_login_shell = false` and `[features] shell_snapshot = false`.
 *
 * @example
 * buildConfigToml({ baseUrl: "http://127.0.0.1:4000/v1", sandbox: "workspace-write" });
 */
export function buildConfigToml(options: CodexHomeOptions): string {
  const table = configTable(options);
  if (typeof options.extraConfig !== "string" || options.extraConfig.trim() === "") return toToml(table);
  const topLevel: Record<string, TomlTable[string]> = {};
  const tables: Record<string, TomlTable[string]> = {};
  for (const [key, value] of Object.entries(table)) {
    if (isTomlTable(value)) tables[key] = value;
    else topLevel[key] = value;
  }
  const extra = options.extraConfig.endsWith("\n") ? options.extraConfig : `${options.extraConfig}\n`;
  return `${toToml(topLevel)}${extra}\n${toToml(tables)}`;
}

/**
 * Creates a fresh temp dir with `home/config.toml` (the `CODEX_HOME`), an empty `workspace/` and,
 * hermetic (the default), an empty `user-home/` for the app-server's `HOME`. Spawn the app-server with
 * {@link CodexHome.env} merged over your environment. Codex logs a harmless warning that it will not
 * create PATH aliases under a temp dir.
 *
 * @example
 * ```ts
 * await using home = await createCodexHome({ baseUrl: model.baseUrl, sandbox: "danger-full-access" });
 * spawn(codexBinary, ["app-server"], { env: { ...process.env, ...home.env } });
 * ```
 */
export async function createCodexHome(options: CodexHomeOptions): Promise<CodexHome> {
  const hermetic = options.hermetic ?? true;
  const root = await realpath(await mkdtemp(join(options.parentDir ?? tmpdir(), "codexkit-")));
  const path = join(root, "home");
  const workspace = join(root, "workspace");
  const userHome = hermetic ? join(root, "user-home") : undefined;
  const configToml = buildConfigToml(options);
  await mkdir(path);
  await mkdir(workspace);
  if (userHome !== undefined) await mkdir(userHome);
  const seed = options.seed ?? true;
  if (seed !== false) {
    try {
      // the template's own home: this function's, unseeded (its config asks codex for nothing at start-up)
      const blankHome = () => createCodexHome({ baseUrl: options.baseUrl, seed: false });
      await seedCodexHome(path, seed === true ? undefined : seed.codexPath, blankHome);
    } catch {
      // Seeding only saves start-up work: on a failed copy, start from an empty home as codex would.
      await rm(path, { recursive: true, force: true });
      await mkdir(path);
    }
  }
  await writeFile(join(path, "config.toml"), configToml);
  const env: Record<string, string> = { CODEX_HOME: path, CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1" };
  if (userHome !== undefined) Object.assign(env, { HOME: userHome, ZDOTDIR: userHome, BASH_ENV: "" });
  const lsbRelease = options.cacheLsbRelease === false ? undefined : await lsbReleaseCacheDir();
  if (lsbRelease !== undefined) env.PATH = [lsbRelease, process.env.PATH ?? ""].join(delimiter);
  let disposed: Promise<void> | undefined;
  const dispose = (): Promise<void> => {
    disposed ??= rm(root, { recursive: true, force: true, maxRetries: 3 });
    return disposed;
  };
  return {
    root,
    path,
    workspace,
    hermetic,
    userHome,
    env,
    configToml,
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
