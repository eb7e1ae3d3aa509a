import { statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { InvalidInputError } from "@codexkit/core";
import type { CodexOptions } from "../../client/codex-options.js";
import { presetConfigOverrides } from "../../client/presets.js";
import { secretValuesOf } from "../../internal/redact.js";
import { lifecycleConfigOverrides } from "../../thread/lifecycle-options.js";
import { resolveCodexBinary } from "./binary-resolution.js";
import { ProcessTransport } from "./process-transport.js";

/** Where the spawned transports record the secrets they learn (API keys in the environment). */
type SecretSink = string[];

/** The child's environment: `process.env` with `options.env` merged over it and `CODEX_HOME` set. */
function childEnv(options: CodexOptions, secrets: SecretSink): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  if (options.codexHome) env.CODEX_HOME = options.codexHome;
  for (const secret of secretValuesOf(env)) if (!secrets.includes(secret)) secrets.push(secret);
  return env;
}

/**
 * The default transport: a local `codex app-server` spawned over stdio (binary from `codexPath`,
 * `CODEX_PATH`, the bundled `@openai/codex`, or PATH).
 */
export function spawnTransport(options: CodexOptions, secrets: SecretSink): ProcessTransport {
  checkLocalDirectory(options.cwd, "Codex option cwd");
  const env = childEnv(options, secrets);
  const binary = resolveCodexBinary({ codexPath: options.codexPath, env });
  prependToPath(env, binary.pathPrepend);
  return new ProcessTransport({
    binary,
    env,
    cwd: options.cwd,
    configOverrides: [
      ...presetConfigOverrides(options.preset),
      ...lifecycleConfigOverrides(options),
      ...configOverrides(options.config),
    ],
    extraArgs: options.args ?? [],
    secrets: () => secrets,
    closeTimeouts: options.closeTimeouts,
  });
}

/**
 * Any command that ends in an app-server speaking JSONL on its stdio (`docker exec -i box codex
 * app-server`, `ssh host codex app-server`), run as given: no shell, nothing appended.
 */
export function commandTransport(
  command: readonly string[],
  options: CodexOptions,
  secrets: SecretSink,
): ProcessTransport {
  const [executable, ...args] = command as [string, ...string[]];
  return new ProcessTransport({
    binary: { command: executable, args, source: "option", pathPrepend: [] },
    argsOverride: [],
    env: childEnv(options, secrets),
    cwd: options.cwd,
    secrets: () => secrets,
    closeTimeouts: options.closeTimeouts,
  });
}

function configOverrides(config: CodexOptions["config"]): string[] {
  if (config === undefined) return [];
  if (Array.isArray(config)) return [...config];
  return Object.entries(config).map(
    ([key, value]) => `${key}=${typeof value === "string" ? JSON.stringify(value) : String(value)}`,
  );
}

/**
 * Refuses a `cwd` that is not an existing directory on this machine, before anything is sent or spawned
 * (codex would otherwise fail later, or start the thread in a directory that is not there). `undefined`
 * means "not given". A relative path is checked against `base` (default: this process's directory).
 */
export function checkLocalDirectory(value: string | undefined, name: string, base?: string): void {
  if (value === undefined) return;
  const path = isAbsolute(value) ? value : resolve(base ?? process.cwd(), value);
  let kind: string;
  try {
    if (statSync(path).isDirectory()) return;
    kind = "is not a directory";
  } catch {
    kind = "does not exist";
  }
  throw new InvalidInputError(`${name} ${JSON.stringify(value)} ${kind}`);
}

/**
 * Puts `dirs` at the front of the environment's PATH, each once: entries already in PATH that equal one
 * of them are removed first, so starting again (or a PATH that already holds the bundled codex directory)
 * never duplicates them. On Windows the variable may be spelt `Path`; the existing spelling is kept.
 */
export function prependToPath(
  env: Record<string, string | undefined>,
  dirs: readonly string[],
  platform: string = process.platform,
): void {
  if (dirs.length === 0) return;
  const windows = platform === "win32";
  const separator = windows ? ";" : ":";
  const key = (windows ? Object.keys(env).find((k) => k.toUpperCase() === "PATH") : undefined) ?? "PATH";
  const same = (a: string, b: string) => (windows ? a.toLowerCase() === b.toLowerCase() : a === b);
  const existing = (env[key] ?? "").split(separator).filter((entry) => entry !== "");
  const rest = existing.filter((entry) => !dirs.some((dir) => same(dir, entry)));
  const unique = dirs.filter((dir, i) => dirs.findIndex((other) => same(other, dir)) === i);
  env[key] = [...unique, ...rest].join(separator);
}
