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
