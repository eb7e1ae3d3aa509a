/**
 * {@link createCodexHome}: an isolated, disposable `CODEX_HOME` whose `config.toml` points codex at a
 * scripted model, plus a workspace directory to use as a thread `cwd`.
 *
 * @module
 */

import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
  otel?: { readonly endpoint: string };
  /** Parent directory of the temp dir (default `os.tmpdir()`). */
  parentDir?: string;
}

/** A temporary codex home; remove it with {@link CodexHome.dispose} or `await using`. */
export interface CodexHome extends AsyncDisposable {
  /** The temp dir holding `home` and `workspace`. */
  readonly root: string;
  /** The `CODEX_HOME` directory (contains `config.toml`). */
  readonly path: string;
  /** An empty directory to use as a thread `cwd`. */
  readonly workspace: string;
  /** Environment for the app-server process: `CODEX_HOME` and `CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG=1`. */
  readonly env: Readonly<Record<string, string>>;
  /** The `config.toml` that was written. */
  readonly configToml: string;
  /** Deletes the whole temp dir. Safe to call repeatedly. */
  dispose(): Promise<void>;
}

/** Feature flags written unless overridden: no network plugin sync at startup. */
const DEFAULT_FEATURES: Readonly<Record<string, boolean>> = { plugins: false };

/** Builds the config table (before any string `extraConfig`). */
function configTable(options: CodexHomeOptions): TomlTable {
  const base: TomlTable = {
    model: options.model ?? "mock-model",
    model_provider: "mock",
    approval_policy: options.approvalPolicy ?? "never",
    sandbox_mode: options.sandbox ? (SANDBOX_MODES[options.sandbox] ?? options.sandbox) : "read-only",
    approvals_reviewer: options.approvalsReviewer,
    model_providers: {
      mock: {
        name: "mock",
        base_url: options.baseUrl,
        wire_api: "responses",
        request_max_retries: 0,
        stream_max_retries: 0,
      },
    },
    features: { ...DEFAULT_FEATURES, ...options.features },
    otel: options.otel ? otelConfig(options.otel.endpoint) : undefined,
  };
  return isTomlTable(options.extraConfig) ? mergeTomlTables(base, options.extraConfig) : base;
}

/**
 * The `config.toml` text for a scripted-model provider named `mock` (`wire_api = "responses"`,
 * no request or stream retries, so scripted errors fail the turn at once).
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
 * Creates a fresh temp dir with `home/config.toml` (the `CODEX_HOME`) and an empty `workspace/`.
 * Codex logs a harmless warning that it will not create PATH aliases under a temp dir.
 *
 * @example
 * ```ts
 * await using home = await createCodexHome({ baseUrl: model.baseUrl, sandbox: "danger-full-access" });
 * spawn(codexBinary, ["app-server"], { env: { ...process.env, ...home.env } });
 * ```
 */
export async function createCodexHome(options: CodexHomeOptions): Promise<CodexHome> {
  const root = await realpath(await mkdtemp(join(options.parentDir ?? tmpdir(), "codexkit-")));
  const path = join(root, "home");
  const workspace = join(root, "workspace");
  const configToml = buildConfigToml(options);
  await mkdir(path);
  await mkdir(workspace);
  await writeFile(join(path, "config.toml"), configToml);
  let disposed: Promise<void> | undefined;
  const dispose = (): Promise<void> => {
    disposed ??= rm(root, { recursive: true, force: true, maxRetries: 3 });
    return disposed;
  };
  return {
    root,
    path,
    workspace,
    env: { CODEX_HOME: path, CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1" },
    configToml,
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
