import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  AbortError,
  Codex,
  type ExecProcess,
  InternalRpcError,
  InvalidInputError,
  Sandbox,
} from "@codexkit/node";
import { isRunning, killLeftovers, waitUntilGone } from "@codexkit/test-support";
import { createTestCodex, type TestCodex } from "@codexkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pidFrom } from "./reliability/support/processes.js";

const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString("utf8");

/** Reads `stream` until its text contains `marker` (or it ends); returns the text so far. */
async function readUntil(stream: AsyncIterable<Uint8Array>, marker: string): Promise<string> {
  const iterator = stream[Symbol.asyncIterator]();
  let seen = "";
  while (!seen.includes(marker)) {
    const { value, done } = await iterator.next();
    if (done) break;
    seen += Buffer.from(value).toString("utf8");
  }
  return seen;
}

describe.each(["stdio", "websocket"] as const)("codex.exec and codex.spawn over %s", (transport) => {
  let t: TestCodex;
  const leftovers: number[] = [];
  beforeAll(async () => {
    // the home's config keeps codex's default test sandbox: read-only
    t = await createTestCodex({ transport });
  });
  afterAll(async () => {
    killLeftovers(leftovers);
    await t?.dispose();
  });

  it("exec runs argv (no shell) and returns exit code, stdout and stderr; a failing command is a result", async () => {
    expect(await t.codex.exec(["echo", "$HOME", "a b"])).toEqual({
      exitCode: 0,
      stdout: "$HOME a b\n",
      stderr: "",
    });
    expect(await t.codex.exec(["sh", "-c", "echo out; echo err >&2; exit 3"])).toEqual({
      exitCode: 3,
      stdout: "out\n",
      stderr: "err\n",
    });
  });

  it("exec takes a cwd and environment changes (null unsets)", async () => {
    const result = await t.codex.exec(["sh", "-c", 'pwd; echo "$GREETING"; env | grep -c "^HOME=" || true'], {
      cwd: t.workspace,
      env: { GREETING: "hello", HOME: null },
    });
    expect(result.stdout).toBe(`${t.workspace}\nhello\n0\n`); // no HOME left
  });

  it("exec runs in the server's sandbox unless told otherwise", async () => {
    const target = join(t.workspace, `written-${transport}.txt`);
    const write = ["sh", "-c", `echo hi > ${target}`];
    const refused = await t.codex.exec(write, { cwd: t.workspace });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/Read-only file system/);
    expect(existsSync(target)).toBe(false);
    expect((await t.codex.exec(write, { cwd: t.workspace, sandbox: Sandbox.fullAccess })).exitCode).toBe(0);
    expect(readFileSync(target, "utf8")).toBe("hi\n");
  });

  it("exec's timeoutMs ends a long command with exit code 124", async () => {
    expect(await t.codex.exec(["sleep", "30"], { timeoutMs: 200 })).toMatchObject({ exitCode: 124 });
  });

  it("aborting exec's signal terminates the command and rejects with AbortError", async () => {
    const pidFile = join(t.workspace, `exec-pid-${transport}`);
    const controller = new AbortController();
    const run = t.codex.exec(["sh", "-c", `echo $$ > ${pidFile}; exec sleep 30`], {
      signal: controller.signal,
      sandbox: Sandbox.fullAccess, // host pids: no sandbox pid namespace
    });
    const pid = await pidFrom(pidFile);
    leftovers.push(pid);
    expect(isRunning(pid)).toBe(true);
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(await waitUntilGone([pid])).toEqual([]);
  });

  it("spawn streams stdout and stderr separately, takes stdin, and reports the exit code", async () => {
    const proc = await t.codex.spawn([
      "sh",
      "-c",
      'echo ready; read line; echo "got $line"; echo oops >&2; exit 5',
    ]);
    expect(proc.processId).toMatch(/^codexkit-exec-/);
    const stdout: Uint8Array[] = [];
    const stderr: Uint8Array[] = [];
    const reading = Promise.all([
      (async () => {
        for await (const chunk of proc.stdout) stdout.push(chunk);
      })(),
      (async () => {
        for await (const chunk of proc.stderr) stderr.push(chunk);
      })(),
    ]);
    await proc.write("wörld\n");
    expect(await proc.wait()).toEqual({ exitCode: 5 });
    await reading;
    expect(text(stdout)).toBe("ready\ngot wörld\n");
    expect(text(stderr)).toBe("oops\n");
    expect(proc.hasExited).toBe(true);
  });

  it("spawn: closeStdin ends the input (cat exits), and bytes go through unchanged", async () => {
    const proc = await t.codex.spawn(["cat"]);
    const bytes = new Uint8Array(256).map((_, i) => i);
    await proc.write(bytes);
    await proc.closeStdin("end");
    const out: Uint8Array[] = [];
    for await (const chunk of proc.stdout) out.push(chunk);
    expect(await proc.wait()).toEqual({ exitCode: 0 });
    expect(Buffer.compare(Buffer.concat(out), Buffer.concat([bytes, Buffer.from("end")]))).toBe(0);
  });

  it("spawn with tty: the program sees a terminal of the given size, resize changes it, kill ends it", async () => {
    const proc = await t.codex.spawn(["sh", "-c", "stty size; read _; stty size; sleep 30"], {
      tty: true,
      size: { rows: 10, cols: 40 },
    });
    expect(await readUntil(proc.stdout, "10 40")).toContain("10 40");
    await proc.resize({ rows: 24, cols: 100 });
    await proc.write("\n");
    expect(await readUntil(proc.stdout, "24 100")).toContain("24 100");
    const exit = await proc.kill();
    expect(exit.exitCode).not.toBe(0);
    expect(await proc.wait()).toEqual(exit);
    await expect(proc.kill()).resolves.toEqual(exit); // harmless once exited
  });

  it("await using kills a spawned process that still runs", async () => {
    const pidFile = join(t.workspace, `spawn-pid-${transport}`);
    let proc: ExecProcess | undefined;
    let pid = 0;
    {
      await using spawned = await t.codex.spawn(["sh", "-c", `echo $$ > ${pidFile}; exec sleep 30`], {
        sandbox: Sandbox.fullAccess,
      });
      proc = spawned;
      pid = await pidFrom(pidFile);
      leftovers.push(pid);
      expect(isRunning(pid)).toBe(true);
    }
    expect(proc.hasExited).toBe(true);
    expect(await waitUntilGone([pid])).toEqual([]);
  });

  it("spawn without stdin refuses writes; resize needs a tty; a process that cannot start rejects wait()", async () => {
    const quiet = await t.codex.spawn(["true"], { stdin: false });
    await expect(quiet.write("x")).rejects.toBeInstanceOf(InvalidInputError);
    await expect(quiet.resize({ rows: 1, cols: 1 })).rejects.toThrow(/tty/);
    expect(await quiet.wait()).toEqual({ exitCode: 0 });

    const broken = await t.codex.spawn(["true"], { cwd: join(t.workspace, "no-such-dir") });
    await expect(broken.wait()).rejects.toBeInstanceOf(InternalRpcError);
    await expect(
      (async () => {
        for await (const _ of broken.stdout) {
          // nothing
        }
      })(),
    ).rejects.toBeInstanceOf(InternalRpcError);
  });
});

describe("codex.exec and codex.spawn input checks", () => {
  it("refuse bad arguments with InvalidInputError before connecting", async () => {
    const codex = new Codex({ codexPath: "/nonexistent/codex" }); // would fail to start if it tried
    const bad: Array<Promise<unknown>> = [
      codex.exec([]),
      codex.exec("npm test" as unknown as string[]),
      codex.exec(["npm", 1 as unknown as string]),
      codex.exec([""]),
      codex.exec(["ls"], { cwd: "relative" }),
      codex.exec(["ls"], { env: { A: 1 as unknown as string } }),
      codex.exec(["ls"], { env: { "A=B": "x" } }),
      codex.exec(["ls"], { timeoutMs: -1 }),
      codex.exec(["ls"], { timeoutMs: 1.5 }),
      codex.exec(["ls"], { timeoutMs: 10, disableTimeout: true }),
      codex.exec(["ls"], { outputBytesCap: 10, disableOutputCap: true }),
      codex.exec(["ls"], { sandbox: "nope" as Sandbox }),
      codex.exec(["ls"], { sandbox: Sandbox.readOnly, permissionProfile: "x" }),
      codex.exec(["ls"], { tty: true } as object),
      codex.spawn(["ls"], { size: { rows: 1, cols: 1 } }),
      codex.spawn(["ls"], { tty: true, size: { rows: 0, cols: 1 } }),
      codex.spawn(["ls"], { tty: true, stdin: false }),
      codex.spawn(["ls"], { tty: "yes" as unknown as boolean }),
    ];
    for (const call of bad) await expect(call).rejects.toBeInstanceOf(InvalidInputError);
    await expect(codex.exec(["ls"], { cwd: "src" })).rejects.toThrow(/cwd must be an absolute path/);
    expect(codex.transport).toBeUndefined();
    await codex.close();
  });
});
