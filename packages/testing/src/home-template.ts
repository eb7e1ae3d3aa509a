/**
 * The SQLite databases a codex app-server creates in a fresh `CODEX_HOME` the first time it starts (state,
 * logs, goals, memories, queue; empty), made once per codex binary and copied into each new home. Creating
 * and migrating them is about half of the app-server's start-up CPU (codex 0.171, 2 cores: 210–280 ms for a
 * fresh home, 110–150 ms for a seeded one, 5 runs each); a suite starts hundreds of app-servers, each on a
 * fresh home. (The bundled skills codex also writes there cost nothing measurable, so they are not copied.)
 *
 * The template is made by the codex binary the tests run (as `resolveCodexBinary` finds it), in the temp dir,
 * under a name derived from that binary's path, size and modification time: a different codex gets its own.
 * Processes share it, and a reader only ever sees a complete one (see shared-temp-dir.ts). Seeding is an
 * optimisation only: if the template cannot be made, homes are left unseeded, as codex would find them on a
 * new machine.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { realpathSync, statSync } from "node:fs";
import { copyFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { resolveCodexBinary } from "@codexkit/node";
import { sharedTempDir } from "./shared-temp-dir.js";
import { scaledTimeout } from "./time-scale.js";

/** The files copied: the databases and, if codex left them, their write-ahead logs. */
const DATABASE_FILE = /\.sqlite(-wal|-shm)?$/;

/** One template per codex binary and process: the promise of its directory (`undefined`: not available). */
const templates = new Map<string, Promise<string | undefined>>();

/** A new, unseeded home to start codex on once (`createCodexHome` with `seed: false`). */
export interface BlankHome {
  readonly path: string;
  readonly env: Readonly<Record<string, string>>;
  readonly workspace: string;
  dispose(): Promise<void>;
}

/**
 * Copies the databases of the template of the codex binary the tests run into `home` (a new, empty
 * `CODEX_HOME`); `blankHome` makes the home the template is started in, the first time.
 */
export async function seedCodexHome(
  home: string,
  codexPath: string | undefined,
  blankHome: () => Promise<BlankHome>,
): Promise<void> {
  const template = await templateFor(codexPath, blankHome);
  if (template === undefined) return;
  for (const entry of await readdir(template)) {
    if (DATABASE_FILE.test(entry)) await copyFile(join(template, entry), join(home, entry));
  }
}

function templateFor(
  codexPath: string | undefined,
  blankHome: () => Promise<BlankHome>,
): Promise<string | undefined> {
  let binary: { command: string; args: string[]; pathPrepend: string[] };
  try {
    binary = resolveCodexBinary({ codexPath, env: process.env });
  } catch {
    return Promise.resolve(undefined); // no codex here: nothing to seed from (the test will say so itself)
  }
  const key = binaryKey(binary.command, binary.args);
  let template = templates.get(key);
  if (!template) {
    template = makeTemplate(key, binary, blankHome).catch(() => undefined);
    templates.set(key, template);
  }
  return template;
}

/** A name for the binary: its resolved path and arguments, with each file's size and modification time. */
function binaryKey(command: string, args: readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of [command, ...args]) {
    hash.update(part).update("\0");
    try {
      const file = realpathSync(part);
      const { size, mtimeMs } = statSync(file);
      hash.update(`${file}:${size}:${mtimeMs}\0`);
    } catch {
      // an argument that is not a file
    }
  }
  return hash.digest("hex").slice(0, 16);
}

async function makeTemplate(
  key: string,
  binary: { command: string; args: string[]; pathPrepend: string[] },
  blankHome: () => Promise<BlankHome>,
): Promise<string> {
  return sharedTempDir(`codexkit-home-template-${key}`, async (dir) => {
    const home = await blankHome();
    try {
      await startOnce(binary, home);
      for (const entry of await readdir(home.path)) {
        if (DATABASE_FILE.test(entry)) await copyFile(join(home.path, entry), join(dir, entry));
      }
    } finally {
      await home.dispose();
    }
  });
}

/** Starts `codex app-server` on `home`, waits for its `initialize` answer, and lets it exit (stdin's EOF). */
function startOnce(
  binary: { command: string; args: string[]; pathPrepend: string[] },
  home: BlankHome,
): Promise<void> {
  const env: Record<string, string | undefined> = { ...process.env, RUST_LOG: "error", ...home.env };
  if (binary.pathPrepend.length > 0) env.PATH = [...binary.pathPrepend, env.PATH ?? ""].join(":");
  return new Promise<void>((resolve, reject) => {
    const child = spawn(binary.command, [...binary.args, "app-server"], {
      cwd: home.workspace,
      env: env as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "ignore"],
    });
    let answered = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), scaledTimeout(30_000));
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (answered || !chunk.includes('"id":1')) return;
      answered = true;
      child.stdin.end(); // the app-server exits at stdin's EOF, closing its databases
    });
    child.once("exit", () => {
      clearTimeout(timer);
      if (answered) resolve();
      else reject(new Error("codex app-server exited before answering initialize"));
    });
    child.stdin.on("error", () => {}); // a child that died early: its exit says so
    child.stdin.write(
      `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { clientInfo: { name: "codexkit-home-template", version: "0" } } })}\n`,
    );
  });
}
