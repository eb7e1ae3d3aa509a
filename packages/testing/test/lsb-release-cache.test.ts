import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { describe, expect, test } from "vitest";
import { createCodexHome, createTestCodex, Reply } from "../src/index.js";

/** The machine's own lsb_release on PATH, if any. */
function realLsbRelease(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && existsSync(join(dir, "lsb_release"))) return join(dir, "lsb_release");
  }
  return undefined;
}

const run = (program: string, args: string[]) => execFileSync(program, args, { encoding: "utf8" });

describe("a test home puts a cached lsb_release first on the app-server's PATH", () => {
  test("it answers -a as the machine's lsb_release does, and runs the real one for anything else", async () => {
    await using home = await createCodexHome({ baseUrl: "http://127.0.0.1:9/v1", seed: false });
    await using uncached = await createCodexHome({
      baseUrl: "http://127.0.0.1:9/v1",
      seed: false,
      cacheLsbRelease: false,
    });
    expect(uncached.env.PATH).toBeUndefined();
    const real = realLsbRelease();
    if (real === undefined) {
      // no lsb_release on this machine (codex reads /etc/os-release): nothing to cache, PATH left alone
      expect(home.env.PATH).toBeUndefined();
      return;
    }
    const [first, ...rest] = (home.env.PATH ?? "").split(delimiter);
    expect(rest.join(delimiter)).toBe(process.env.PATH);
    const cached = join(first ?? "", "lsb_release");
    expect(cached).not.toBe(real);
    expect(run(cached, ["-a"])).toBe(run(real, ["-a"]));
    expect(run(cached, ["-a"])).toMatch(/^Distributor ID:/m);
    // any other arguments go to the real program
    expect(run(cached, ["-s", "-i"])).toBe(run(real, ["-s", "-i"]));
    // a second home (and another process) uses the same cache
    await using again = await createCodexHome({ baseUrl: "http://127.0.0.1:9/v1", seed: false });
    expect(again.env.PATH).toBe(home.env.PATH);
  });

  test("codex names the same operating system in its user agent with the cache as without it", async () => {
    const userAgent = async (cacheLsbRelease: boolean) => {
      await using t = await createTestCodex({ script: [Reply.message("ok")], home: { cacheLsbRelease } });
      const thread = await t.codex.threadStart({ cwd: t.workspace });
      expect((await thread.run("hi")).finalResponse).toBe("ok");
      return t.model.requests[0]?.headers["user-agent"];
    };
    const cached = await userAgent(true);
    const uncached = await userAgent(false);
    // e.g. "codexkit/0.171.0 (Debian 12.0.0; x86_64) …": the name and version of the OS come from lsb_release
    expect(uncached).toMatch(/^codexkit\/[\d.]+ \(\S+ [^;]*; /);
    expect(cached).toBe(uncached);
  });
});
