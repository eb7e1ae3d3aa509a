/**
 * A directory made once and shared, through the temp dir, by every process on the machine (the home template,
 * the cached `lsb_release`). Several processes may make it at once: each builds into a directory of its own
 * and renames it into place, so a reader only ever sees a whole one, and one that loses the race uses the
 * winner's.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The path of `<tmpdir>/<name>`, made by `fill` (given an empty directory to fill) unless it is there already.
 * Rejects with `fill`'s error; nothing is left behind but the finished directory.
 */
export async function sharedTempDir(name: string, fill: (dir: string) => Promise<void>): Promise<string> {
  const final = join(tmpdir(), name);
  if (await isDirectory(final)) return final;
  const building = `${final}.${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await mkdir(building, { recursive: true });
    await fill(building);
    try {
      await rename(building, final);
    } catch (error) {
      // Another process put its own there first: use that one.
      if (!(await isDirectory(final))) throw error;
    }
    return final;
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
