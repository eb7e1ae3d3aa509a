/**
 * {@link startAppServerListener}: a real `codex app-server` listening on `ws://127.0.0.1:0` (with a
 * capability token) or on a unix socket, for testing remote setups offline.
 *
 * @module
 */

import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { redactSecrets, resolveCodexBinary } from "@codexkit/node";
import type { CodexHome } from "./codex-home.js";
import { scaledTimeout } from "./time-scale.js";

/** Options of {@link startAppServerListener}. */
export interface AppServerListenerOptions {
  /** The CODEX_HOME the server runs in (its `env` is applied, so a hermetic home makes a hermetic server). */
  home: CodexHome;
  /** `websocket` (default): `ws://127.0.0.1:0` with `--ws-auth capability-token`; `unix`: a socket in the home's root, no auth. Several listeners may share one home. */
  listen?: "websocket" | "unix";
  /** The port to listen on (websocket only), e.g. to bring a killed server back at the same URL. Default 0: any free port. */
  port?: number;
  /** The capability token (websocket only). Default: 32 random hex characters. */
  token?: string;
  /** Path of the codex binary. Default: as `Codex` resolves it (`CODEX_PATH`, bundled, PATH). */
  codexPath?: string;
  /** Working directory of the server. Default: the home's workspace. */
  cwd?: string;
  /** More environment, over the home's. */
  env?: Record<string, string>;
  /** How long to wait for the listener, in ms. Default `scaledTimeout(20000)` (20 s times `CODEXKIT_TEST_TIME_SCALE`). */
  startupTimeoutMs?: number;
}

/** A running listening app-server; stop it with {@link AppServerListener.close} or `await using`. */
export interface AppServerListener extends AsyncDisposable {
  /** Where to connect: `ws://127.0.0.1:PORT` or `unix:///…/app-server.sock`. */
  readonly url: string;
  /** The bearer token (websocket only). */
  readonly token: string | undefined;
  /** The server's pid. */
  readonly pid: number;
  /** Everything the server wrote to stderr so far (secrets redacted). */
  stderr(): string;
  /** SIGTERM, then SIGKILL after `scaledTimeout(2000)`. Idempotent; resolves once the server exited. */
  close(): Promise<void>;
}

const LISTENING = /listening on: (ws:\/\/127\.0\.0\.1:\d+)/;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts `codex app-server --listen …` in `home` and resolves once it listens (the port is read from its
 * stderr line `listening on: ws://127.0.0.1:PORT`; a unix socket once its path exists).
 *
 * @example
 * ```ts
 * await using server = await startAppServerListener({ home });
 * await using codex = new Codex({ url: server.url, token: server.token });
 * ```
 */
export async function startAppServerListener(options: AppServerListenerOptions): Promise<AppServerListener> {
  const { home } = options;
  // Read before spawning: an invalid CODEXKIT_TEST_TIME_SCALE throws here, not with a child running.
  const startupTimeoutMs = options.startupTimeoutMs ?? scaledTimeout(20_000);
  const killAfterMs = scaledTimeout(2000);
  const listen = options.listen ?? "websocket";
  const token = listen === "websocket" ? (options.token ?? randomBytes(16).toString("hex")) : undefined;
  const args = ["app-server"];
  // Unique names: several listeners may share one home.
  const unique = randomBytes(4).toString("hex");
  const socketPath = join(home.root, `app-server-${unique}.sock`);
  if (token !== undefined) {
    const tokenFile = join(home.root, `ws-token-${unique}`);
    await writeFile(tokenFile, token, { mode: 0o600 });
    args.push(
      "--listen",
      `ws://127.0.0.1:${options.port ?? 0}`,
      "--ws-auth",
      "capability-token",
      "--ws-token-file",
      tokenFile,
    );
  } else {
    args.push("--listen", `unix://${socketPath}`);
  }
  const env: Record<string, string | undefined> = {
    ...process.env,
    RUST_LOG: "warn",
    ...home.env,
    ...options.env,
  };
  const binary = resolveCodexBinary({ codexPath: options.codexPath, env });
  if (binary.pathPrepend.length > 0) env.PATH = [...binary.pathPrepend, env.PATH ?? ""].join(":");
  const child = spawn(binary.command, [...binary.args, ...args], {
    cwd: options.cwd ?? home.workspace,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "ignore", "pipe"],
    detached: process.platform !== "win32",
  });
  live.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const running of live) kill(running, "SIGKILL");
    });
  }
  const secrets = token ? [token] : [];
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      live.delete(child);
      resolve();
    });
    child.once("error", () => {
      live.delete(child);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      kill(child, "SIGTERM");
      const timer = setTimeout(() => kill(child, "SIGKILL"), killAfterMs);
      await exited;
      clearTimeout(timer);
    })();
    return closing;
  };
  const url = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      clearInterval(poll);
      void close();
      reject(
        new Error(`codex app-server listener ${why}\n--- stderr ---\n${redactSecrets(stderr, secrets)}`),
      );
    };
    const timer = setTimeout(() => fail("did not start listening in time"), startupTimeoutMs);
    const poll = setInterval(() => {
      if (token === undefined && existsSync(socketPath)) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(`unix://${socketPath}`);
      }
    }, 20);
    let listening = token === undefined;
    child.stderr?.on("data", (text: string) => {
      stderr += text;
      // Scanned only until the line is seen: the server keeps logging for its whole life, and re-scanning
      // all of it on every chunk (which also flattens the growing string) costs the test process O(n²).
      if (listening) return;
      const match = LISTENING.exec(stderr);
      if (match?.[1]) {
        listening = true;
        clearTimeout(timer);
        clearInterval(poll);
        resolve(match[1]);
      }
    });
    child.once("error", (error) => fail(`could not be spawned: ${error.message}`));
    child.once("exit", (code, signal) => fail(`exited early (${signal ?? `code ${code}`})`));
  });
  return {
    url,
    token,
    pid: child.pid as number,
    stderr: () => redactSecrets(stderr, secrets),
    close,
    [Symbol.asyncDispose]: close,
  };
}

function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    if (process.platform !== "win32") process.kill(-pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
}
