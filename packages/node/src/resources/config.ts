import {
  type ApprovalsReviewer,
  type AskForApproval,
  type ClientParams,
  InvalidInputError,
  InvalidRequestError,
  type JsonValue,
  type protocol,
  type ReasoningEffort,
  type ReasoningSummary,
} from "@codexkit/core";
import { ConfigWriteError } from "../client/errors.js";
import {
  checkAbsolutePath,
  checkBooleans,
  checkNonEmptyString,
  checkOptionsObject,
  checkStrings,
  describeValue,
  isPlainObject,
} from "../internal/validation.js";
import type { SessionSource } from "../session/session.js";

/** The effective configuration codex reports (`config/read`), with where each value came from. */
export type ConfigReadResult = protocol.v2.ConfigReadResponse;
/** What a config write answers: the file written and its new `version` (for `expectedVersion`). */
export type ConfigWriteResult = protocol.v2.ConfigWriteResponse;

/**
 * The configuration keys most programs set, typed from codex's own `Config` (the `config.toml` names).
 * `null` removes the key from the file, so the default (or a lower layer) applies again.
 */
export interface CommonConfig {
  /** The default model. */
  model?: string | null;
  /** The default model provider (a `model_providers` id). */
  model_provider?: string | null;
  /** The model of code reviews. */
  review_model?: string | null;
  /** The default reasoning effort. */
  model_reasoning_effort?: ReasoningEffort | null;
  /** The default reasoning summary. */
  model_reasoning_summary?: ReasoningSummary | null;
  /** The default verbosity of answers. */
  model_verbosity?: protocol.Verbosity | null;
  /** When codex asks for approval. */
  approval_policy?: AskForApproval | null;
  /** Who answers approval requests. */
  approvals_reviewer?: ApprovalsReviewer | null;
  /** The default sandbox. */
  sandbox_mode?: protocol.v2.SandboxMode | null;
  /** Web search: `"disabled"`, `"cached"` or `"live"`. */
  web_search?: protocol.WebSearchMode | null;
  /** The default service tier. */
  service_tier?: string | null;
  /** Developer instructions added to every thread. */
  developer_instructions?: string | null;
}

const COMMON_KEYS: ReadonlyArray<keyof CommonConfig> = [
  "model",
  "model_provider",
  "review_model",
  "model_reasoning_effort",
  "model_reasoning_summary",
  "model_verbosity",
  "approval_policy",
  "approvals_reviewer",
  "sandbox_mode",
  "web_search",
  "service_tier",
  "developer_instructions",
];

/** One edit of {@link Config.batchWrite}. */
export interface ConfigEdit {
  /** The dotted key, e.g. `"model"` or `"mcp_servers.docs"`. */
  keyPath: string;
  /** The value (any JSON); `null` removes the key. */
  value: JsonValue;
  /** `"replace"` (default) the value, or `"upsert"`: merge a table into the existing one. */
  mergeStrategy?: "replace" | "upsert";
}

/** Options of the config writes. */
export interface ConfigWriteOptions {
  /**
   * Only write if the file is still at this version (a previous write's `version`); otherwise codex refuses
   * with {@link ConfigWriteError} `reason: "configVersionConflict"`.
   */
  expectedVersion?: string;
  /** The config file to write (absolute on the server's host). Default: the user's `config.toml`. */
  filePath?: string;
}

/** Options of {@link Config.batchWrite} and {@link Config.update}. */
export interface ConfigBatchWriteOptions extends ConfigWriteOptions {
  /** Apply the new values to loaded threads too (not model, effort or service tier, which stay per thread). */
  reload?: boolean;
}

/** A `.catch` handler: a refusal that carries `config_write_error_code` becomes a {@link ConfigWriteError}. */
function rethrowConfigWriteError(error: unknown): never {
  if (error instanceof InvalidRequestError && isPlainObject(error.data)) {
    const reason = error.data.config_write_error_code;
    if (typeof reason === "string") throw new ConfigWriteError(reason, error);
  }
  throw error;
}

/**
 * codex's configuration (`config.toml` and its layers), reached as `codex.config`: read the effective
 * values, write one key or several at once, or set the common keys with {@link Config.update}. Writes go to
 * the server's user `config.toml` (on the server's host) and are validated by codex.
 *
 * @example
 * ```ts
 * await codex.config.update({ model: "gpt-5.5", model_reasoning_effort: "high" });
 * const { config } = await codex.config.read();
 * ```
 */
export class Config {
  /** @internal */
  constructor(private readonly session: SessionSource) {}

  /**
   * The effective configuration (`config/read`): `config` with every value, `origins` naming the layer
   * each came from, and with `includeLayers` the layers themselves. With `cwd`, as seen from that
   * directory (its project layers included).
   *
   * @example
   * ```ts
   * const { config, origins } = await codex.config.read();
   * console.log(config.model, origins.model?.name.type);
   * ```
   */
  async read(options: { cwd?: string; includeLayers?: boolean } = {}): Promise<ConfigReadResult> {
    checkOptionsObject(options, "read options");
    if (options.cwd !== undefined) checkAbsolutePath(options.cwd, "cwd");
    checkBooleans(options, ["includeLayers"]);
    const params: ClientParams<"config/read"> = { includeLayers: options.includeLayers ?? false };
    if (options.cwd !== undefined) params.cwd = options.cwd;
    return (await this.session()).request("config/read", params);
  }

  /**
   * Writes one key (`config/value/write`); `null` removes it. A table value replaces the table unless
   * `mergeStrategy: "upsert"`.
   *
   * @example
   * ```ts
   * await codex.config.write("mcp_servers.docs", { command: "docs-mcp", args: ["--stdio"] });
   * ```
   */
  async write(
    keyPath: string,
    value: JsonValue,
    options: ConfigWriteOptions & { mergeStrategy?: "replace" | "upsert" } = {},
  ): Promise<ConfigWriteResult> {
    const edit = checkEdit({ keyPath, value, mergeStrategy: options.mergeStrategy }, "");
    checkWriteOptions(options, ["mergeStrategy"]);
    return (await this.session())
      .request("config/value/write", { ...edit, ...writeFields(options) })
      .catch(rethrowConfigWriteError);
  }

  /**
   * Writes several keys in one go (`config/batchWrite`): all or nothing. With `reload`, loaded threads get
   * the new values.
   *
   * @example
   * ```ts
   * await codex.config.batchWrite([
   *   { keyPath: "model", value: "gpt-5.5" },
   *   { keyPath: "tools.web_search", value: false },
   * ]);
   * ```
   */
  async batchWrite(
    edits: readonly ConfigEdit[],
    options: ConfigBatchWriteOptions = {},
  ): Promise<ConfigWriteResult> {
    if (!Array.isArray(edits) || edits.length === 0) {
      throw new InvalidInputError(`edits must be a non-empty array, got ${describeValue(edits)}`);
    }
    const checked = edits.map((edit, index) => checkEdit(edit, `edits[${index}].`));
    checkWriteOptions(options, ["reload"]);
    checkBooleans(options, ["reload"]);
    return (await this.session())
      .request("config/batchWrite", {
        edits: checked,
        ...writeFields(options),
        ...(options.reload === undefined ? {} : { reloadUserConfig: options.reload }),
      })
      .catch(rethrowConfigWriteError);
  }

  /**
   * Sets common keys, typed ({@link CommonConfig}), in one `config/batchWrite`; `null` removes a key.
   *
   * @example
   * ```ts
   * await codex.config.update({ model: "gpt-5.5", sandbox_mode: "workspace-write", web_search: null }, { reload: true });
   * ```
   */
  async update(values: CommonConfig, options: ConfigBatchWriteOptions = {}): Promise<ConfigWriteResult> {
    checkOptionsObject(values, "config values");
    const keys = Object.keys(values ?? {}).filter((key) => values[key as keyof CommonConfig] !== undefined);
    const unknown = keys.filter((key) => !COMMON_KEYS.includes(key as keyof CommonConfig));
    if (unknown.length > 0) {
      throw new InvalidInputError(
        `config values: ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not among the common keys; use config.write for other keys`,
      );
    }
    if (keys.length === 0) throw new InvalidInputError("config values: nothing to update");
    for (const key of keys) {
      const value = values[key as keyof CommonConfig];
      if (value !== null && typeof value !== "string") {
        throw new InvalidInputError(`${key} must be a string or null, got ${describeValue(value)}`);
      }
    }
    return this.batchWrite(
      keys.map((key) => ({ keyPath: key, value: values[key as keyof CommonConfig] as JsonValue })),
      options,
    );
  }
}

function checkEdit(edit: unknown, where: string): protocol.v2.ConfigEdit {
  if (!isPlainObject(edit))
    throw new InvalidInputError(`${where || "edit "}must be an object, got ${describeValue(edit)}`);
  checkNonEmptyString(edit.keyPath, `${where}keyPath`);
  if (edit.value === undefined)
    throw new InvalidInputError(`${where}value must be given (null removes the key)`);
  try {
    JSON.stringify(edit.value);
  } catch (error) {
    throw new InvalidInputError(`${where}value cannot be sent as JSON: ${(error as Error).message}`);
  }
  const mergeStrategy = edit.mergeStrategy ?? "replace";
  if (mergeStrategy !== "replace" && mergeStrategy !== "upsert") {
    throw new InvalidInputError(
      `${where}mergeStrategy must be "replace" or "upsert", got ${describeValue(mergeStrategy)}`,
    );
  }
  return { keyPath: edit.keyPath, value: edit.value as JsonValue, mergeStrategy };
}

function checkWriteOptions(options: unknown, extra: readonly string[]): void {
  checkOptionsObject(options, "write options");
  const o = (options ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(o).filter((key) => !["expectedVersion", "filePath", ...extra].includes(key));
  if (unknown.length > 0)
    throw new InvalidInputError(`write options: unknown option(s) ${unknown.join(", ")}`);
  checkStrings(o, ["expectedVersion"]);
  if (o.filePath !== undefined) checkAbsolutePath(o.filePath, "filePath");
}

function writeFields(options: ConfigWriteOptions): { expectedVersion?: string; filePath?: string } {
  return {
    ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }),
    ...(options.filePath === undefined ? {} : { filePath: options.filePath }),
  };
}
