import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  type CodexWarning,
  GENERATED_FROM_CODEX_VERSION,
  MINIMUM_CODEX_VERSION,
  UnsupportedServerError,
} from "@codexkit/node";
import { isRunning } from "@codexkit/test-support";
import { createTestCodex } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { fakeCodex } from "./support/fake.js";

/** How `start()` failed (it must fail). */
async function startFailure(start: Promise<unknown>): Promise<unknown> {
  return start.then(
    () => {
      throw new Error("start() resolved");
    },
    (error: unknown) => error,
  );
}

describe.concurrent("the server's version is checked at start-up", () => {
  it("the real pinned app-server: metadata.serverInfo names its version; no warning", async () => {
    const warnings: CodexWarning[] = [];
    await using t = await createTestCodex({ codex: { onWarning: (w) => warnings.push(w) } });
    const { serverInfo, userAgent } = t.codex.metadata;
    expect(serverInfo).toEqual({ name: "codexkit", version: GENERATED_FROM_CODEX_VERSION });
    expect(userAgent.startsWith(`codexkit/${GENERATED_FROM_CODEX_VERSION} `)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it("a FAKE server older than the minimum: UnsupportedServerError naming both versions; process closed", async () => {
    const pidFile = join(await mkdtemp(join(tmpdir(), "codexkit-version-")), "pid");
    await using fake = await fakeCodex({
      FAKE_USER_AGENT: "codex_cli_rs/0.150.0 (Linux; x86_64)",
      FAKE_PID_FILE: pidFile,
    });
    const error = await startFailure(fake.codex.start());
    expect(error).toBeInstanceOf(UnsupportedServerError);
    expect(error).toMatchObject({ code: "unsupported_server", serverInfo: { version: "0.150.0" } });
    expect((error as Error).message).toContain("0.150.0");
    expect((error as Error).message).toContain(MINIMUM_CODEX_VERSION);
    // nothing but initialize was sent (no `initialized`), and the fake is gone
    expect(fake.received().map((m) => m.method)).toEqual(["initialize"]);
    const pid = Number(await readFile(pidFile, "utf8"));
    expect(pid).toBeGreaterThan(0);
    expect(isRunning(pid)).toBe(false);
    await rm(dirname(pidFile), { recursive: true, force: true });
  });

  it("a FAKE server answering initialize without userAgent: start-up fails saying what was missing", async () => {
    await using fake = await fakeCodex({ FAKE_USER_AGENT: "none" });
    const error = await startFailure(fake.codex.start());
    expect(error).toBeInstanceOf(UnsupportedServerError);
    expect(error).toMatchObject({ code: "unsupported_server", missing: "userAgent" });
    expect((error as Error).message).toMatch(/without the required userAgent .*codexHome, platformFamily/);
    await expect(fake.codex.threadStart()).rejects.toBeInstanceOf(UnsupportedServerError);
  });

  it("a FAKE server newer than the generated types works and is reported once through onWarning", async () => {
    const warnings: CodexWarning[] = [];
    await using fake = await fakeCodex(
      { FAKE_USER_AGENT: "codex_cli_rs/99.1.0 (Linux; x86_64) xterm" },
      { onWarning: (w) => warnings.push(w) },
    );
    await fake.codex.start();
    const thread = await fake.codex.threadStart();
    expect((await thread.run("echo")).status).toBe("completed");
    await fake.codex.start();
    expect(fake.codex.metadata.serverInfo).toEqual({ name: "codex_cli_rs", version: "99.1.0" });
    expect(warnings).toEqual([
      {
        code: "server_version_newer",
        message: expect.stringContaining(`99.1.0 is newer than ${GENERATED_FROM_CODEX_VERSION}`),
        serverInfo: { name: "codex_cli_rs", version: "99.1.0" },
      },
    ]);
  });
});
