import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FAKE_APP_SERVER, fakeCodex } from "./support/fake.js";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("spawning the app-server never goes through a shell", () => {
  it("shell metacharacters in the binary's path, config overrides and extra arguments arrive verbatim, as an argument array, and run nothing", async () => {
    await using scratch = await fakeCodex(); // (never started: only its directory is used)
    const dir = join(scratch.dir, "a dir; with $(touch pwned-dir) `touch pwned-tick` & spaces");
    await mkdir(dir);
    const binary = join(dir, "codex 'quoted' $HOME|tee pwned-pipe");
    await symlink(FAKE_APP_SERVER, binary);
    const args = [
      "--x; touch pwned-semicolon",
      "`touch pwned-backtick`",
      "a && touch pwned-and",
      'it\'s "quoted"',
      "line\nbreak",
      "*",
      "$HOME",
    ];
    await using weird = await fakeCodex(
      {},
      {
        codexPath: binary,
        cwd: scratch.dir,
        config: { model: "$(touch pwned-config)", sandbox_mode: "read-only; touch pwned-config2" },
        args,
      },
    );
    await weird.codex.start();
    expect(weird.argv()).toEqual([
      "-c",
      'model="$(touch pwned-config)"',
      "-c",
      'sandbox_mode="read-only; touch pwned-config2"',
      "app-server",
      ...args,
    ]);
    expect(readdirSync(scratch.dir).filter((name) => name.startsWith("pwned"))).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.startsWith("pwned"))).toEqual([]);
  });

  it("the source spawns with child_process.spawn and shell: false only (no exec, execSync or shell: true)", () => {
    const files = sourceFiles(SRC);
    const spawning = files.filter((file) => /from "node:child_process"/.test(readFileSync(file, "utf8")));
    expect(spawning.map((file) => file.slice(SRC.length + 1))).toEqual([
      "transports/process/app-server-process.ts",
    ]);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/\bexec(Sync|File|FileSync)?\(/);
      expect(text, file).not.toMatch(/shell:\s*true/);
      expect(text, file).not.toMatch(/import\s*\{[^}]*\bexec\b[^}]*\}\s*from\s*"node:child_process"/);
    }
    const processSource = readFileSync(join(SRC, "transports", "process", "app-server-process.ts"), "utf8");
    const calls = processSource.match(/\bspawn\(/g) ?? [];
    expect(calls).toHaveLength(1);
    expect(processSource).toMatch(/spawn\(binary\.command, args, \{[^}]*shell: false,[^}]*\}\)/s);
  });
});
