import {
  AbortError,
  type ClientParams,
  InvalidInputError,
  type protocol,
  type SandboxSetting,
} from "@codexkit/core";
import { turnApprovalFields } from "@codexkit/core/internal";
import { raceSignal } from "../internal/async.js";
import {
  checkBooleans,
  checkInteger,
  checkOptionalAbsolutePath,
  checkOptionsObject,
  checkSignal,
  checkStrings,
  describeValue,
  isPlainObject,
  newHandleId,
} from "../internal/validation.js";
import type { Session, SessionSource } from "../session/session.js";

/** Options of `codex.exec` (and, with more, of `codex.spawn`). */
export interface ExecOptions {
  /** Working directory, absolute on the app-server's host. Default: the server's working directory. */
  cwd?: string;
  /** Environment changes over the one codex computes for commands; `null` unsets a variable. */
  env?: Record<string, string | null>;
  /** Kill the command after this many ms (it then exits with code 124). Default: codex's default timeout. */
  timeoutMs?: number;
  /** No timeout at all. Cannot be combined with `timeoutMs`. */
  disableTimeout?: boolean;
  /**
   * What the command may touch: a `Sandbox` value (`"readOnly"`, `"workspaceWrite"`, `"fullAccess"`, or
   * codex's spelling) or a full wire `SandboxPolicy`. Default: the sandbox of the server's configuration
   * (`sandbox_mode`). Cannot be combined with `permissionProfile`.
   */
  sandbox?: SandboxSetting | protocol.v2.SandboxPolicy;
  /** A named permissions profile of the server's configuration, instead of `sandbox`. */
  permissionProfile?: string;
  /** Keep at most this many bytes of stdout and of stderr. Default: codex's cap. */
  outputBytesCap?: number;
  /** Keep all output. Cannot be combined with `outputBytesCap`. */
  disableOutputCap?: boolean;
  /** Aborting terminates the command (`command/exec/terminate`) and rejects with `AbortError`. */
  signal?: AbortSignal;
}

/** What a command run by `codex.exec` produced. A non-zero exit is a result, not an error. */
export interface ExecResult {
  /** The exit code (124 after `timeoutMs`, 128 + n after signal n). */
  exitCode: number;
  /** Everything it wrote to stdout, decoded as UTF-8 by codex (up to the output cap). */
  stdout: string;
  /** Everything it wrote to stderr (up to the output cap). */
  stderr: string;
}

const EXEC_KEYS = [
  "cwd",
  "env",
  "timeoutMs",
  "disableTimeout",
  "sandbox",
  "permissionProfile",
  "outputBytesCap",
  "disableOutputCap",
  "signal",
];

/** @internal `argv` is a non-empty array of strings whose first one names a program. */
export function checkArgv(argv: unknown): asserts argv is string[] {
  if (!Array.isArray(argv) || argv.length === 0) {
    throw new InvalidInputError(
      `command must be a non-empty array of strings (argv, e.g. ["npm", "test"]), got ${describeValue(argv)}`,
    );
  }
  argv.forEach((arg, index) => {
    if (typeof arg !== "string" || arg.includes("\0")) {
      throw new InvalidInputError(
        `command[${index}] must be a string without NUL, got ${describeValue(arg)}`,
      );
    }
  });
  if ((argv[0] as string).trim() === "") throw new InvalidInputError("command[0] must name a program");
}

/** @internal Checks {@link ExecOptions} (and `extraKeys` of a caller's wider options) and builds the wire params. */
export function execParams(
  argv: string[],
  options: ExecOptions,
  name: string,
  extraKeys: readonly string[] = [],
): ClientParams<"command/exec"> {
  checkOptionsObject(options, name);
  for (const key of Object.keys(options)) {
    if (!EXEC_KEYS.includes(key) && !extraKeys.includes(key)) {
      throw new InvalidInputError(`${name}: unknown option "${key}"`);
    }
  }
  checkOptionalAbsolutePath(options.cwd, "cwd");
  checkStrings(options, ["permissionProfile"]);
  checkBooleans(options, ["disableTimeout", "disableOutputCap"]);
  checkInteger(options.timeoutMs, "timeoutMs", 0);
  checkInteger(options.outputBytesCap, "outputBytesCap", 0);
  checkSignal(options.signal);
  if (options.env !== undefined) {
    if (!isPlainObject(options.env)) {
      throw new InvalidInputError(`env must be an object of strings, got ${describeValue(options.env)}`);
    }
    for (const [key, value] of Object.entries(options.env)) {
      if (key === "" || key.includes("=") || key.includes("\0")) {
        throw new InvalidInputError(`env has an invalid variable name ${describeValue(key)}`);
      }
      if (value !== null && typeof value !== "string") {
        throw new InvalidInputError(`env.${key} must be a string or null, got ${describeValue(value)}`);
      }
    }
  }
  const both = (a: keyof ExecOptions, b: keyof ExecOptions) => {
    if (options[a] !== undefined && options[b] !== undefined && options[b] !== false) {
      throw new InvalidInputError(`${a} and ${b} cannot be combined`);
    }
  };
  both("timeoutMs", "disableTimeout");
  both("outputBytesCap", "disableOutputCap");
  both("permissionProfile", "sandbox");
  const params: ClientParams<"command/exec"> = { command: argv };
  if (options.cwd !== undefined) params.cwd = options.cwd;
  if (options.env !== undefined) params.env = options.env;
  if (options.timeoutMs !== undefined) params.timeoutMs = options.timeoutMs;
  if (options.disableTimeout) params.disableTimeout = true;
  if (options.outputBytesCap !== undefined) params.outputBytesCap = options.outputBytesCap;
  if (options.disableOutputCap) params.disableOutputCap = true;
  if (options.permissionProfile !== undefined) params.permissionProfile = options.permissionProfile;
  if (options.sandbox !== undefined) {
    if (options.sandbox === null)
      throw new InvalidInputError("sandbox must be a Sandbox value or a SandboxPolicy");
    params.sandboxPolicy = turnApprovalFields(undefined, options.sandbox).sandboxPolicy ?? null;
  }
  return params;
}

/** @internal `codex.exec`: checks everything, then runs the command buffered. */
export async function execCommand(
  source: SessionSource,
  argv: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  checkArgv(argv);
  const params = execParams([...argv], options, "exec options");
  return runExec(await source(), [...argv], params, options.signal);
}

/** `command/exec`, buffered; with a signal it gets a `processId`, so that aborting can terminate it. */
async function runExec(
  session: Session,
  argv: string[],
  params: ClientParams<"command/exec">,
  signal?: AbortSignal,
): Promise<ExecResult> {
  if (!signal) return session.request("command/exec", params);
  if (signal.aborted) throw new AbortError("exec aborted before it started", { cause: signal.reason });
  const processId = newHandleId("codexkit-exec");
  const work = session.request("command/exec", { ...params, processId });
  return raceSignal(work, signal, ({ reject }) => {
    work.catch(() => {});
    void session.request("command/exec/terminate", { processId }).catch(() => {});
    reject(new AbortError(`exec ${argv[0]} aborted`, { cause: signal.reason }));
  });
}
