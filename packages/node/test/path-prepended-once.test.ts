import { readFile } from "node:fs/promises";
import { resolveCodexBinary } from "@codexkit/node";
import { createTestCodex } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { prependToPath } from "../src/transports/process/spawn-transport.js";

describe("the bundled binary's PATH directory is prepended once", () => {
  it("prependToPath puts each directory first, once, keeping the rest in order", () => {
    const env: Record<string, string | undefined> = { PATH: "/usr/bin:/opt/codex-path:/bin:/opt/codex-path" };
    prependToPath(env, ["/opt/codex-path"], "linux");
    expect(env.PATH).toBe("/opt/codex-path:/usr/bin:/bin");
    prependToPath(env, ["/opt/codex-path"], "linux");
    expect(env.PATH).toBe("/opt/codex-path:/usr/bin:/bin");
    const empty: Record<string, string | undefined> = {};
    prependToPath(empty, ["/a", "/a"], "linux");
    expect(empty.PATH).toBe("/a");
    const untouched: Record<string, string | undefined> = { PATH: "/usr/bin" };
    prependToPath(untouched, [], "linux");
    expect(untouched.PATH).toBe("/usr/bin");
  });

  it("on Windows keeps the variable's spelling and compares case-insensitively", () => {
    const env: Record<string, string | undefined> = { Path: "C:\\Windows;c:\\codex\\codex-path" };
    prependToPath(env, ["C:\\codex\\codex-path"], "win32");
    expect(env).toEqual({ Path: "C:\\codex\\codex-path;C:\\Windows" });
  });

  // reads the real app-server's environment from /proc (the suite runs on Linux)
  it("the real app-server gets the directory once in PATH, though the PATH given already had it", async () => {
    const [dir] = resolveCodexBinary({ env: {} }).pathPrepend;
    expect(dir).toBeDefined();
    await using t = await createTestCodex({ codex: { env: { PATH: `${process.env.PATH}:${dir}` } } });
    const environ = await readFile(`/proc/${t.codex.pid}/environ`, "utf8");
    const path = environ
      .split("\0")
      .find((entry) => entry.startsWith("PATH="))
      ?.slice("PATH=".length);
    expect(path?.split(":")[0]).toBe(dir);
    expect(path?.split(":").filter((entry) => entry === dir)).toHaveLength(1);
  });
});
