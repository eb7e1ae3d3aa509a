/**
 * A cached `lsb_release -a` for test app-servers. Codex names the operating system in its user agent through
 * the `os_info` crate, which runs `lsb_release -a` each time it is asked: twice at every app-server start
 * (codex 0.171). On Debian and Ubuntu `lsb_release` is a shell script that starts `tr`, `cut` and `getopt`
 * several times: about 60 ms of CPU per call on a 2-core machine, and a suite starts hundreds of app-servers.
 * (In a profile of node's app-server tests, `lsb_release` and what it started took ~10% of the machine's CPU.)
 *
 * The cache is a directory holding one executable, `lsb_release`, that prints what the machine's own
 * `lsb_release -a` printed when the cache was made (captured once per process) and runs the real one for any
 * other arguments. A test home puts it first on the app-server's `PATH`, so codex sees the same answer, in a
 * few milliseconds. The directory sits in the temp dir under a name derived from the real program and its
 * answer, so processes share it and a different answer gets its own. Like seeding, this only saves work: where
 * there is no `lsb_release` (codex then reads `/etc/os-release`) or it fails, there is no cache.
 *
 * @module
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants, realpathSync, statSync } from "node:fs";
import { chmod, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { sharedTempDir } from "./shared-temp-dir.js";
import { scaledTimeout } from "./time-scale.js";

/** The directory of the cached `lsb_release` for this process's PATH (`undefined`: none; made once). */
let cache: Promise<string | undefined> | undefined;

/**
 * The directory holding the cached `lsb_release` (see the module's comment), made the first time it is asked
 * for; `undefined` where the machine has no working `lsb_release` on `PATH`.
 */
export function lsbReleaseCacheDir(): Promise<string | undefined> {
  cache ??= makeCache().catch(() => undefined);
  return cache;
}

/** The real `lsb_release` on `PATH`, as its resolved file. */
function findLsbRelease(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    try {
      const candidate = join(dir, "lsb_release");
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return realpathSync(candidate);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

async function makeCache(): Promise<string | undefined> {
  if (process.platform === "win32") return undefined;
  const real = findLsbRelease();
  if (real === undefined) return undefined;
  const answer = await new Promise<string | undefined>((resolve) => {
    execFile(real, ["-a"], { timeout: scaledTimeout(10_000), encoding: "utf8" }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });
  if (answer === undefined) return undefined;
  const key = createHash("sha256").update(real).update("\0").update(answer).digest("hex").slice(0, 16);
  return sharedTempDir(`codexkit-lsb-release-${key}`, async (dir) => {
    const script = join(dir, "lsb_release");
    await writeFile(script, shimScript(real, answer));
    await chmod(script, 0o755);
  });
}

/** The cached program: `-a` prints `answer` (with the shell's builtins only); anything else runs `real`. */
function shimScript(real: string, answer: string): string {
  return [
    "#!/bin/sh",
    `# Made by @codexkit/testing: the answer of \`${real} -a\`, captured once, so that a test app-server's`,
    "# start does not run that script each time (codex asks for it at every start). Other arguments run it.",
    'if [ "$#" = 1 ] && [ "$1" = "-a" ]; then',
    `  printf '%s' ${shellQuote(answer)}`,
    "  exit 0",
    "fi",
    `exec ${shellQuote(real)} "$@"`,
    "",
  ].join("\n");
}

/** `text` as one single-quoted shell word. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
