/**
 * The one place that decides which model an example talks to. With `OPENAI_API_KEY` set: the real model,
 * through a real `codex app-server` in a throwaway `CODEX_HOME` (logged in with that key). Otherwise: the
 * same real `codex app-server`, pointed at the embedded scripted model from `@codexkit/testing` and fully
 * offline. Examples receive a started `Codex` either way and never check which one it is.
 *
 * @module
 */

import { realpathSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Codex, type CodexOptions, TurnFailedError } from "@codexkit/node";
import {
  type CodexHomeOptions,
  createTestCodex,
  type ModelReply,
  type ScriptedModel,
} from "@codexkit/testing";
import { type Output, println } from "./output.js";

/** A started `Codex` plus a scratch working directory; dispose it to stop everything and clean up. */
export interface ExampleEnvironment extends AsyncDisposable {
  /** A started client. */
  readonly codex: Codex;
  /** An empty scratch directory to use as the thread `cwd`. */
  readonly cwd: string;
  /** The `CODEX_HOME` in use (always a throwaway directory). */
  readonly codexHome: string;
  /** `"real"` with OPENAI_API_KEY, else `"scripted"`. */
  readonly mode: "real" | "scripted";
  /** The scripted model, in scripted mode. */
  readonly model: ScriptedModel | undefined;
  /** Stops the app-server (and the scripted model) and removes the temp directories. Idempotent. */
  dispose(): Promise<void>;
}

/** Options of {@link openEnvironment}. */
export interface EnvironmentOptions {
  /** What the scripted model answers, in order (used only without OPENAI_API_KEY). */
  script?: ModelReply[];
  /** `config.toml` settings of the scripted home (used only without OPENAI_API_KEY). */
  home?: Omit<CodexHomeOptions, "baseUrl">;
  /** Extra options for the `Codex` client (both modes). */
  codex?: CodexOptions;
  /** Log in with OPENAI_API_KEY in real mode (default true; the login example does it itself). */
  login?: boolean;
  /** Where to read OPENAI_API_KEY from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

const QUIET = { RUST_LOG: "warn", CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1" };

/** The OpenAI API key in `env`, or undefined when it is unset or empty. */
export function apiKeyFrom(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const key = env.OPENAI_API_KEY;
  return key !== undefined && key.trim() !== "" ? key.trim() : undefined;
}

/** Starts a `Codex` against the real model (OPENAI_API_KEY set) or the embedded scripted model. */
export async function openEnvironment(options: EnvironmentOptions = {}): Promise<ExampleEnvironment> {
  const apiKey = apiKeyFrom(options.env);
  if (apiKey === undefined) {
    const test = await createTestCodex({
      script: options.script ?? [],
      ...(options.home ? { home: options.home } : {}),
      codex: { ...options.codex, env: { ...QUIET, ...options.codex?.env } },
    });
    return {
      codex: test.codex,
      cwd: test.workspace,
      codexHome: test.home.path,
      mode: "scripted",
      model: test.model,
      dispose: () => test.dispose(),
      [Symbol.asyncDispose]: () => test.dispose(),
    };
  }
  const root = await realpath(await mkdtemp(join(tmpdir(), "codexkit-example-")));
  const codexHome = join(root, "home");
  const cwd = join(root, "workspace");
  await mkdir(codexHome);
  await mkdir(cwd);
  const codex = new Codex({ ...options.codex, codexHome, cwd, env: { ...QUIET, ...options.codex?.env } });
  let disposed: Promise<void> | undefined;
  const dispose = () => {
    disposed ??= (async () => {
      await codex.close();
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    })();
    return disposed;
  };
  try {
    await codex.start();
    if (options.login !== false) await codex.loginApiKey(apiKey);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { codex, cwd, codexHome, mode: "real", model: undefined, dispose, [Symbol.asyncDispose]: dispose };
}

/** One line saying which model is in use. */
export function describeEnvironment(environment: ExampleEnvironment): string {
  return environment.mode === "real"
    ? "using the REAL model (OPENAI_API_KEY is set)"
    : `using the embedded scripted model at ${environment.model?.baseUrl} (set OPENAI_API_KEY for the real one)`;
}

/** True when the module at `moduleUrl` (pass `import.meta.url`) is the script node/tsx was started with. */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(fileURLToPath(moduleUrl)) === realpathSync(entry);
  } catch {
    return false;
  }
}

/**
 * The command-line entry of an example: opens the environment, prints which model is used, runs `body`,
 * and always cleans up. A thrown error or a `false` result (the example did not do what it shows) sets a
 * non-zero exit code.
 */
export async function runExample(
  name: string,
  options: EnvironmentOptions,
  body: (environment: ExampleEnvironment) => Promise<boolean>,
  out: Output = process.stdout,
): Promise<void> {
  let environment: ExampleEnvironment | undefined;
  try {
    environment = await openEnvironment(options);
    println(out, `codexkit example "${name}" — ${describeEnvironment(environment)}`);
    if ((await body(environment)) === false) process.exitCode = 1;
  } catch (error) {
    // A failed turn (a model outage, an exhausted retry budget) rejects run(): say what the server said.
    if (error instanceof TurnFailedError) {
      const info = JSON.stringify(error.turnError?.codexErrorInfo ?? null);
      console.error(
        `${error.message} (codexErrorInfo ${info}; ${error.result.items.length} item(s) before it)`,
      );
    } else console.error(error);
    process.exitCode = 1;
  } finally {
    await environment?.dispose();
  }
}
