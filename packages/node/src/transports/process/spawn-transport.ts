import type { CodexOptions } from "../../client/codex-options.js";
import { presetConfigOverrides } from "../../client/presets.js";
import { secretValuesOf } from "../../internal/redact.js";
import { lifecycleConfigOverrides } from "../../thread/lifecycle-options.js";
import { resolveCodexBinary } from "./binary-resolution.js";
import { checkLocalDirectory } from "./local-directory.js";
import { prependToPath } from "./path-env.js";
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
