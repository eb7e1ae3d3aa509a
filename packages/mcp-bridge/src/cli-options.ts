import { delimiter } from "node:path";
import { parseArgs } from "node:util";
import type { CodexBridgeOptions } from "./bridge-options.js";
import { ConfigurationError } from "./errors.js";
import type { HttpTokenSource } from "./http-auth.js";
import { LOG_LEVELS, type LogLevel } from "./logger.js";
import { parseApprovalPolicy, parseSandbox } from "./policy.js";

/** The command line's usage text. */
export const USAGE = `Usage: codexkit-mcp [options]

An MCP server (stdio by default) that delegates coding tasks to Codex through codex app-server.

Safety ceiling (callers may ask for less, never more):
  --sandbox MODE            read-only (default) | workspace-write | danger-full-access
  --approval-policy POLICY  never | untrusted | on-request (default) | auto-review | bypass
                            (bypass needs --sandbox danger-full-access)
  --allow-root DIR          a run's cwd must be inside one of these (repeatable; default: the current directory)

Codex:
  --model NAME              model for runs that name none (default: codex's configured model)
  --codex-path PATH         the codex binary (default: CODEX_PATH, then the bundled @openai/codex)
  --config KEY=VALUE        codex config override, TOML value (repeatable)

Limits:
  --timeout SECONDS         interrupt a run after this long (default 1800; 0 = no limit)
  --approval-timeout SECONDS  how long the client may take to answer an approval (default 120)
  --max-prompt-bytes N      refuse longer prompts (default 102400)
  --progress-interval MS    at most one progress notification per call per MS (default 250)
  --max-runs N              most runs in flight at once, all sessions together (default 16); more are refused
  --max-runs-per-session N  most runs in flight at once per MCP session (default 8); more are refused

Isolation:
  --expose-existing-threads let every session list, read and continue threads this bridge did not create
                            (e.g. your own Codex history in CODEX_HOME). Default: a session sees only its own

Trying it out:
  --scripted                run against an offline scripted model in a temporary CODEX_HOME: no OpenAI account,
                            no network (default allowed root: a temporary directory)
  --print-config            print the MCP host configuration ("mcpServers" JSON) that starts this installation
                            with the other flags given here, and exit

Transport and logging:
  --http PORT               serve streamable HTTP on http://127.0.0.1:PORT/mcp instead of stdio (0 = any free port).
                            Requires "Authorization: Bearer <token>": by default a token is generated and
                            printed to stderr once at start-up
  --http-token-file PATH    read the token(s) from PATH instead (one per line; each line is one caller)
  --http-token-env NAME     read the token from the environment variable NAME instead
  --http-insecure-no-auth   DANGER: no authentication; any local process can then run Codex as you
  --log-level LEVEL         error | warn | info (default) | debug | silent  (logs go to stderr)
  -h, --help                show this help
  -v, --version             show the version

Every flag can also be set in the environment: CODEXKIT_MCP_SANDBOX, CODEXKIT_MCP_APPROVAL_POLICY,
CODEXKIT_MCP_ALLOW_ROOTS (separated by "${delimiter}"), CODEXKIT_MCP_MODEL, CODEXKIT_MCP_CODEX_PATH,
CODEXKIT_MCP_CONFIG (one KEY=VALUE per line), CODEXKIT_MCP_TIMEOUT, CODEXKIT_MCP_APPROVAL_TIMEOUT,
CODEXKIT_MCP_MAX_PROMPT_BYTES, CODEXKIT_MCP_PROGRESS_INTERVAL, CODEXKIT_MCP_MAX_RUNS,
CODEXKIT_MCP_MAX_RUNS_PER_SESSION, CODEXKIT_MCP_EXPOSE_EXISTING_THREADS=1, CODEXKIT_MCP_HTTP_PORT,
CODEXKIT_MCP_HTTP_TOKEN_FILE, CODEXKIT_MCP_HTTP_TOKEN_ENV, CODEXKIT_MCP_HTTP_INSECURE_NO_AUTH=1,
CODEXKIT_MCP_LOG_LEVEL, CODEXKIT_MCP_SCRIPTED=1.
Flags win over the environment.
`;

/** What the command line asks for. */
export type CliCommand =
  | { kind: "help" }
  | { kind: "version" }
  | {
      kind: "print-config";
      /** The other flags, to pass on in the configuration. */
      args: string[];
      /** Whether they include --scripted (then no CODEX_HOME is needed). */
      scripted: boolean;
    }
  | {
      kind: "serve";
      bridge: CodexBridgeOptions;
      httpPort: number | undefined;
      /** Where the HTTP bearer token comes from (only with `httpPort`). */
      httpAuth: HttpTokenSource;
      logLevel: LogLevel;
      /** Run against an offline scripted model in a temporary CODEX_HOME. */
      scripted: boolean;
    };

/**
 * Parses flags and environment into bridge options. Throws {@link ConfigurationError} with a clear message
 * for an unknown flag or a bad value.
 */
export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliCommand {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new ConfigurationError((error as Error).message);
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };

  const flag = (value: boolean | undefined, name: string): boolean =>
    value === true || /^(1|true|yes)$/i.test(env[`CODEXKIT_MCP_${name}`]?.trim() ?? "");
  const scripted = flag(values.scripted, "SCRIPTED");
  const pick = (flag: string | undefined, name: string): string | undefined =>
    flag ?? nonEmpty(env[`CODEXKIT_MCP_${name}`]);
  const sandbox = pick(values.sandbox, "SANDBOX");
  const approvalPolicy = pick(values["approval-policy"], "APPROVAL_POLICY");
  const roots = values["allow-root"]?.length
    ? values["allow-root"]
    : splitList(env.CODEXKIT_MCP_ALLOW_ROOTS, delimiter);
  const config = values.config?.length ? values.config : splitList(env.CODEXKIT_MCP_CONFIG, "\n");
  for (const entry of config) {
    if (!/^[A-Za-z0-9_.-]+=/.test(entry))
      throw new ConfigurationError(`--config expects KEY=VALUE, got ${JSON.stringify(entry)}`);
  }
  const codexPath = pick(values["codex-path"], "CODEX_PATH");
  const logLevel = pick(values["log-level"], "LOG_LEVEL") ?? "info";
  if (logLevel !== "silent" && !(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigurationError(
      `--log-level must be one of ${LOG_LEVELS.join(", ")}, silent; got ${JSON.stringify(logLevel)}`,
    );
  }
  const seconds = (value: string | undefined, flag: string) =>
    value === undefined ? undefined : number(value, flag) * 1000;
  const http = pick(values.http, "HTTP_PORT");
  const httpPort = http === undefined ? undefined : number(http, "--http");
  if (httpPort !== undefined && (!Number.isInteger(httpPort) || httpPort > 65535))
    throw new ConfigurationError(`--http expects a port number, got ${http}`);
  const model = pick(values.model, "MODEL");
  const tokenFile = pick(values["http-token-file"], "HTTP_TOKEN_FILE");
  const tokenEnv = pick(values["http-token-env"], "HTTP_TOKEN_ENV");
  const noAuth = flag(values["http-insecure-no-auth"], "HTTP_INSECURE_NO_AUTH");
  if ([tokenFile, tokenEnv, noAuth || undefined].filter((v) => v !== undefined).length > 1)
    throw new ConfigurationError(
      "choose one of --http-token-file, --http-token-env and --http-insecure-no-auth",
    );
  const httpAuth: HttpTokenSource = noAuth
    ? { kind: "none" }
    : tokenFile
      ? { kind: "file", path: tokenFile }
      : tokenEnv
        ? { kind: "env", name: tokenEnv }
        : { kind: "generate" };
  const positive = (value: string | undefined, name: string): number | undefined => {
    const parsed = maybeNumber(value, name);
    if (parsed !== undefined && (!Number.isInteger(parsed) || parsed < 1))
      throw new ConfigurationError(
        `${name} expects a whole number of at least 1, got ${JSON.stringify(value)}`,
      );
    return parsed;
  };

  const bridge: CodexBridgeOptions = {
    policy: {
      ...(sandbox ? { sandbox: parseSandbox(sandbox) } : {}),
      ...(approvalPolicy ? { approvalPolicy: parseApprovalPolicy(approvalPolicy) } : {}),
      ...(roots.length > 0 ? { allowedRoots: roots } : {}),
    },
    codexOptions: { ...(codexPath ? { codexPath } : {}), ...(config.length > 0 ? { config } : {}) },
    ...(model ? { model } : {}),
    ...optional("timeoutMs", seconds(pick(values.timeout, "TIMEOUT"), "--timeout")),
    ...optional(
      "approvalTimeoutMs",
      seconds(pick(values["approval-timeout"], "APPROVAL_TIMEOUT"), "--approval-timeout"),
    ),
    ...optional(
      "maxPromptBytes",
      maybeNumber(pick(values["max-prompt-bytes"], "MAX_PROMPT_BYTES"), "--max-prompt-bytes"),
    ),
    ...optional("maxRuns", positive(pick(values["max-runs"], "MAX_RUNS"), "--max-runs")),
    ...optional(
      "maxRunsPerSession",
      positive(pick(values["max-runs-per-session"], "MAX_RUNS_PER_SESSION"), "--max-runs-per-session"),
    ),
    ...(flag(values["expose-existing-threads"], "EXPOSE_EXISTING_THREADS")
      ? { exposeExistingThreads: true }
      : {}),
    ...optional(
      "progressIntervalMs",
      maybeNumber(pick(values["progress-interval"], "PROGRESS_INTERVAL"), "--progress-interval"),
    ),
  };
  // Checked like a serve command first, so that the printed configuration starts.
  if (values["print-config"])
    return { kind: "print-config", args: argv.filter((arg) => arg !== "--print-config"), scripted };
  return { kind: "serve", bridge, httpPort, httpAuth, logLevel: logLevel as LogLevel, scripted };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      sandbox: { type: "string" },
      "approval-policy": { type: "string" },
      "allow-root": { type: "string", multiple: true },
      model: { type: "string" },
      "codex-path": { type: "string" },
      config: { type: "string", multiple: true },
      timeout: { type: "string" },
      "approval-timeout": { type: "string" },
      "max-prompt-bytes": { type: "string" },
      "progress-interval": { type: "string" },
      "max-runs": { type: "string" },
      "max-runs-per-session": { type: "string" },
      "expose-existing-threads": { type: "boolean" },
      http: { type: "string" },
      "http-token-file": { type: "string" },
      "http-token-env": { type: "string" },
      "http-insecure-no-auth": { type: "boolean" },
      "log-level": { type: "string" },
      scripted: { type: "boolean" },
      "print-config": { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

function number(value: string, flag: string): number {
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed) || parsed < 0)
    throw new ConfigurationError(`${flag} expects a non-negative number, got ${JSON.stringify(value)}`);
  return parsed;
}

function maybeNumber(value: string | undefined, flag: string): number | undefined {
  return value === undefined ? undefined : number(value, flag);
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

function splitList(value: string | undefined, separator: string): string[] {
  return (value ?? "")
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);
}
