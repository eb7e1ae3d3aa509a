import { accessSync, constants, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import { CodexBinaryNotFoundError } from "../../client/errors.js";
import { insideAsar, outsideAsar, requireBases } from "./require-bases.js";

/** Where the codex binary was found. */
export type CodexBinarySource = "option" | "env" | "bundled-native" | "bundled-launcher" | "path";

/** A resolved way to start codex: `command` plus any `args` that must precede codex's own. */
export interface ResolvedCodexBinary {
  /** The executable to spawn. */
  command: string;
  /** Arguments that must precede codex's own (e.g. the launcher script for `node`). */
  args: string[];
  /** Where the binary was found. */
  source: CodexBinarySource;
  /** Extra PATH entries the bundled binary expects (ripgrep and friends). */
  pathPrepend: string[];
}

const TRIPLES: Record<string, string | undefined> = {
  "linux-x64": "x86_64-unknown-linux-musl",
  "linux-arm64": "aarch64-unknown-linux-musl",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
  "win32-x64": "x86_64-pc-windows-msvc",
  "win32-arm64": "aarch64-pc-windows-msvc",
};

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, process.platform === "win32" ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where `@openai/codex/package.json` is, looked up from each of {@link requireBases} in turn. */
function launcherPackage(): string | undefined {
  for (const base of requireBases()) {
    try {
      return createRequire(base).resolve("@openai/codex/package.json");
    } catch {
      // not installed next to this base (or the base is unusable, e.g. in a bundle): try the next one
    }
  }
  return undefined;
}

function bundled(tried: string[]): ResolvedCodexBinary | undefined {
  const launcherPkg = launcherPackage();
  if (launcherPkg === undefined) {
    tried.push("the @openai/codex package (not installed, or not found from a bundled program)");
    return undefined;
  }
  const key = `${process.platform}-${process.arch}`;
  const triple = TRIPLES[key];
  if (triple) {
    try {
      const platformPkg = createRequire(launcherPkg).resolve(`@openai/codex-${key}/package.json`);
      const vendor = join(dirname(platformPkg), "vendor", triple);
      const packed = join(vendor, "bin", process.platform === "win32" ? "codex.exe" : "codex");
      // Electron: a binary inside app.asar cannot be executed; its asarUnpack copy can.
      const native = outsideAsar(packed);
      if (isExecutableFile(native)) {
        const pathDir = outsideAsar(join(vendor, "codex-path"));
        return {
          command: native,
          args: [],
          source: "bundled-native",
          pathPrepend: existsSync(pathDir) ? [pathDir] : [],
        };
      }
      tried.push(
        insideAsar(packed)
          ? `${native} (missing: unpack @openai/codex-${key} from app.asar with asarUnpack, or set CODEX_PATH)`
          : `${native} (missing or not executable)`,
      );
    } catch {
      tried.push(`@openai/codex-${key} (platform package not installed)`);
    }
  }
  const launcher = join(dirname(launcherPkg), "bin", "codex.js");
  // Under Electron, process.execPath is the Electron app, not node: the launcher script cannot be run that way.
  if (process.versions.electron !== undefined) {
    tried.push(`${launcher} (not used under Electron)`);
    return undefined;
  }
  if (existsSync(launcher))
    return { command: process.execPath, args: [launcher], source: "bundled-launcher", pathPrepend: [] };
  tried.push(`${launcher} (missing)`);
  return undefined;
}

function onPath(env: Record<string, string | undefined>, tried: string[]): ResolvedCodexBinary | undefined {
  const names = process.platform === "win32" ? ["codex.exe", "codex.cmd"] : ["codex"];
  const dirs = (env.PATH ?? env.Path ?? "").split(delimiter).filter(Boolean);
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate))
        return { command: candidate, args: [], source: "path", pathPrepend: [] };
    }
  }
  tried.push(`codex on PATH (${dirs.length} directories searched)`);
  return undefined;
}

/**
 * Finds the codex binary, in order: the `codexPath` option, the `CODEX_PATH` environment variable, the
 * native binary of the `@openai/codex` platform package this package depends on (its node launcher as a
 * fallback), then `codex` on PATH.
 *
 * @throws {@link CodexBinaryNotFoundError} listing every place tried.
 */
export function resolveCodexBinary(
  options: { codexPath?: string | undefined; env?: Record<string, string | undefined> } = {},
): ResolvedCodexBinary {
  const env = options.env ?? process.env;
  const tried: string[] = [];
  for (const [value, source, label] of [
    [options.codexPath, "option", "codexPath option"],
    [env.CODEX_PATH, "env", "CODEX_PATH"],
  ] as const) {
    if (value === undefined || value === "") continue;
    if (isExecutableFile(value)) return { command: value, args: [], source, pathPrepend: [] };
    // An explicit choice that is wrong is an error, not a reason to silently use another codex.
    throw new CodexBinaryNotFoundError([
      ...tried,
      `${label}: ${value} (${existsSync(value) ? "not an executable file" : "does not exist"})`,
    ]);
  }
  return bundled(tried) ?? onPath(env, tried) ?? fail(tried);
}

function fail(tried: string[]): never {
  throw new CodexBinaryNotFoundError(tried);
}
