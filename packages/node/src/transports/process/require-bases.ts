import { join } from "node:path";

declare const __filename: string | undefined;

/**
 * Where to resolve `@openai/codex` from, in order: this module (`import.meta.url`), the CommonJS file this
 * code was bundled into (`__filename`: a CJS bundle leaves `import.meta` empty), then the current
 * directory. Each is a file path or URL that `createRequire` accepts.
 */
export function requireBases(): string[] {
  const bases: string[] = [];
  const url = (import.meta as { url?: unknown }).url;
  if (typeof url === "string" && url !== "") bases.push(url);
  if (typeof __filename === "string" && __filename !== "") bases.push(__filename);
  bases.push(join(process.cwd(), "noop.js"));
  return bases;
}

const ASAR = /([\\/])app\.asar([\\/])/;

/**
 * A path inside an Electron `app.asar` archive (which cannot be executed) mapped to its unpacked copy,
 * `app.asar.unpacked` (where `asarUnpack` puts it). Other paths are returned as they are.
 */
export function outsideAsar(path: string): string {
  return path.replace(ASAR, "$1app.asar.unpacked$2");
}

/** Whether `path` lies inside an Electron `app.asar` archive. */
export function insideAsar(path: string): boolean {
  return ASAR.test(path);
}
