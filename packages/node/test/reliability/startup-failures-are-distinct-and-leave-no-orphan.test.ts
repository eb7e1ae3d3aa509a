import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  Codex,
  CodexBinaryNotFoundError,
  MalformedMessageError,
  ProcessExitedError,
  StartupError,
} from "@codexkit/node";
import { isRunning, scaledTimeout } from "@codexkit/test-support";
import { describe, expect, it } from "vitest";
import { fakeCodex } from "./support/fake.js";

/** The fake's pid, which it prints first thing on stderr (so it is in the error's stderr tail). */
function fakePid(error: StartupError): number {
  const pid = Number(/fake-app-server pid=(\d+)/.exec(error.stderrTail ?? "")?.[1]);
  expect(pid).toBeGreaterThan(0);
  return pid;
}

async function startFailure(codex: Codex): Promise<unknown> {
  return codex.start().then(
    () => {
      throw new Error("start() resolved");
    },
    (error: unknown) => error,
  );
}

describe.concurrent("start-up failures: each a distinct, clear error, and no process left behind", () => {
  it("a missing binary: CodexBinaryNotFoundError naming the path; nothing is spawned", async () => {
    await using codex = new Codex({ codexPath: "/no/such/dir/codex" });
    const error = await startFailure(codex);
    expect(error).toBeInstanceOf(CodexBinaryNotFoundError);
    expect(error).toMatchObject({ code: "binary_not_found" });
    expect((error as Error).message).toContain("codexPath option: /no/such/dir/codex (does not exist)");
    expect(codex.pid).toBeUndefined();
    expect(codex.isClosed).toBe(false); // a later start() may succeed once the binary is there
  });

  it("a file that is not executable: CodexBinaryNotFoundError saying so; nothing is spawned", async () => {
    await using fake = await fakeCodex();
    const plain = join(fake.dir, "codex");
    await writeFile(plain, "#!/bin/sh\necho never runs\n", { mode: 0o644 });
    await using codex = new Codex({ codexPath: plain });
    const error = await startFailure(codex);
    expect(error).toBeInstanceOf(CodexBinaryNotFoundError);
    expect((error as Error).message).toContain(`codexPath option: ${plain} (not an executable file)`);
    expect(codex.pid).toBeUndefined();
  });

  it("an executable whose interpreter does not exist: StartupError 'could not start', nothing left", async () => {
    await using fake = await fakeCodex();
    const broken = join(fake.dir, "codex");
    await writeFile(broken, "#!/no/such/interpreter\n", { mode: 0o755 });
    await using codex = new Codex({ codexPath: broken, startupTimeoutMs: scaledTimeout(5_000) });
    const error = await startFailure(codex);
    expect(error).toBeInstanceOf(StartupError);
    expect(error).toMatchObject({ code: "startup_failed" });
    expect((error as Error).message).toMatch(/could not start .*codex: spawn .* ENOENT/);
  });

  it("a binary that exits at once: StartupError with its exit code and stderr; the process is gone", async () => {
    await using fake = await fakeCodex({ FAKE_MODE: "exit-at-once", FAKE_EXIT_CODE: "7" });
    const error = await startFailure(fake.codex);
    expect(error).toBeInstanceOf(StartupError);
    const startup = error as StartupError;
    expect(startup.message).toMatch(/failed during start-up: codex app-server exited with code 7/);
    expect(startup.cause).toBeInstanceOf(ProcessExitedError);
    expect(startup.cause).toMatchObject({ exitCode: 7, signal: null });
    expect(startup.stderrTail).toContain("fatal: fake app-server exits at once");
    expect(isRunning(fakePid(startup))).toBe(false);
  });

  it("a binary that dies halfway through its initialize answer: StartupError, the half line reported", async () => {
    await using fake = await fakeCodex({ FAKE_MODE: "crash-mid-message", FAKE_EXIT_CODE: "9" });
    const error = await startFailure(fake.codex);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).cause).toMatchObject({ exitCode: 9 });
    expect((error as StartupError).stderrTail).toContain("crashed mid-message");
    expect(fake.malformed).toHaveLength(1);
    expect(fake.malformed[0]).toBeInstanceOf(MalformedMessageError);
    expect(fake.malformed[0]?.line).toMatch(/^\{"jsonrpc":"2.0","id":0,"result":\{"userAgent":"fake$/);
    expect(isRunning(fakePid(error as StartupError))).toBe(false);
  });

  it("a binary that never answers initialize (and ignores SIGTERM and stdin EOF): StartupError after the configured timeout; it is killed", async () => {
    await using fake = await fakeCodex({ FAKE_MODE: "never-initialize" }, { startupTimeoutMs: 3_000 });
    const error = await startFailure(fake.codex);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/did not answer initialize within 3000 ms/);
    expect((error as StartupError).stderrTail).toContain("mode=never-initialize");
    // start() resolved its failure only after the process was gone: no orphan, no waiting needed
    expect(isRunning(fakePid(error as StartupError))).toBe(false);
    expect(fake.received().map((m) => m.method)).toEqual(["initialize"]);
  });
});
