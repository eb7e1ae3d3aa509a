import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Codex, CodexBinaryNotFoundError, resolveCodexBinary } from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { scratchDir } from "./support/helpers.js";

/** The codex binary that resolution picks by default (the bundled native one). */
const bundled = resolveCodexBinary({ env: {} });

describe("resolveCodexBinary", () => {
  it("finds the bundled native binary by default", async () => {
    expect(bundled.source).toBe("bundled-native");
    expect(bundled.args).toEqual([]);
    expect(bundled.command).toMatch(/[\\/]codex(\.exe)?$/);
    await access(bundled.command);
  });

  it("prefers codexPath, then CODEX_PATH", async () => {
    await using dir = await scratchDir();
    const a = await dir.file("codex-a", "#!/bin/sh\n", { executable: true });
    const b = await dir.file("codex-b", "#!/bin/sh\n", { executable: true });
    expect(resolveCodexBinary({ codexPath: a, env: { CODEX_PATH: b } })).toMatchObject({
      command: a,
      source: "option",
    });
    expect(resolveCodexBinary({ env: { CODEX_PATH: b } })).toMatchObject({ command: b, source: "env" });
    expect(resolveCodexBinary({ codexPath: "", env: { CODEX_PATH: "" } }).source).toBe("bundled-native");
  });

  it("a codexPath that does not exist is an error listing what was tried, not a fallback", () => {
    const missing = "/definitely/not/here/codex";
    let error: unknown;
    try {
      resolveCodexBinary({ codexPath: missing, env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CodexBinaryNotFoundError);
    const notFound = error as CodexBinaryNotFoundError;
    expect(notFound.code).toBe("binary_not_found");
    expect(notFound.tried).toEqual([`codexPath option: ${missing} (does not exist)`]);
    expect(notFound.message).toContain(missing);
    expect(notFound.message).toMatch(/pass \{ codexPath \}, or set CODEX_PATH/);
  });

  it("a file that is not executable, or a directory, is a clear error", async () => {
    await using dir = await scratchDir();
    const plain = await dir.file("codex", "not a program", { executable: false });
    expect(() => resolveCodexBinary({ codexPath: plain, env: {} })).toThrow(/not an executable file/);
    expect(() => resolveCodexBinary({ codexPath: dir.path, env: {} })).toThrow(/not an executable file/);
    expect(() => resolveCodexBinary({ env: { CODEX_PATH: plain } })).toThrow(
      new RegExp(`CODEX_PATH: ${plain} \\(not an executable file\\)`),
    );
  });
});

describe("Codex binary options", () => {
  it("start() rejects with CodexBinaryNotFoundError for a missing codexPath, and spawns nothing", async () => {
    await using codex = new Codex({ codexPath: "/definitely/not/here/codex" });
    const error = await codex.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexBinaryNotFoundError);
    expect((error as CodexBinaryNotFoundError).tried[0]).toMatch(/^codexPath option: .* \(does not exist\)$/);
    expect(codex.pid).toBeUndefined();
    // each call tries again (and fails the same way): nothing was cached
    await expect(codex.threadStart()).rejects.toBeInstanceOf(CodexBinaryNotFoundError);
  });

  it("honours CODEX_PATH from the env option", async () => {
    await using t = await createTestCodex({ script: [Reply.message("via CODEX_PATH")] });
    await using dir = await scratchDir();
    const marker = join(dir.path, "used");
    const wrapper = await dir.file(
      "codex-wrapper",
      `#!/bin/sh\necho "$@" > ${marker}\nexec ${bundled.command} "$@"\n`,
      {
        executable: true,
      },
    );
    await using codex = new Codex({
      codexHome: t.home.path,
      cwd: t.workspace,
      env: { ...t.home.env, CODEX_PATH: wrapper },
    });
    const thread = await codex.threadStart({ cwd: t.workspace });
    expect((await thread.run("hi")).finalResponse).toBe("via CODEX_PATH");
    expect((await readFile(marker, "utf8")).trim()).toBe("app-server");
  });

  it("a non-executable CODEX_PATH is an error at start, not a silent fallback", async () => {
    await using dir = await scratchDir();
    const plain = await dir.file("codex", "#!/bin/sh\n", { executable: false });
    await using codex = new Codex({ env: { CODEX_PATH: plain } });
    await expect(codex.start()).rejects.toThrow(/CODEX_PATH: .* \(not an executable file\)/);
  });
});
