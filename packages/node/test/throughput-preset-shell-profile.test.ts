import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Codex,
  type CodexOptions,
  InvalidInputError,
  type ThreadItem,
  WebSocketTransport,
} from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { afterAll, describe, expect, it } from "vitest";

/**
 * A HOME whose shell startup files announce themselves: each prints `marker:<file>` on stderr (which lands in
 * the command's output), appends to `$HOME/reads.log` (where a shell outside the sandbox can write), and the
 * rc files put `$HOME/profile-bin` on PATH — what nvm, pyenv or conda do, minus their cost.
 */
async function homeWithAProfile(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), "codexkit-profile-home-"));
  homes.push(home);
  const announce = (file: string) =>
    `echo "marker:${file}" >&2\necho "${file} $$" >> "$HOME/reads.log" 2>/dev/null\n`;
  const path = 'export PATH="$HOME/profile-bin:$PATH"\n';
  await writeFile(
    join(home, ".profile"),
    `${announce(".profile")}if [ -n "$BASH" ] && [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi\n`,
  );
  await writeFile(join(home, ".bashrc"), announce(".bashrc") + path);
  // codex runs commands with the user's login shell (from the passwd entry): cover zsh users too.
  await writeFile(join(home, ".zshenv"), announce(".zshenv") + path);
  await writeFile(join(home, ".zprofile"), announce(".zprofile"));
  await mkdir(join(home, "profile-bin"));
  return home;
}

const homes: string[] = [];

// biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax
const PROBE = 'echo "PATH=$PATH"; echo "ZDOTDIR=${ZDOTDIR-unset}"';

/** Runs one `exec_command` of {@link PROBE} in a new thread and returns the command item. */
async function runProbe(profileHome: string, codex: CodexOptions) {
  await using t = await createTestCodex({
    script: [Reply.execCommand(PROBE), Reply.message("done")],
    // the caller's real shell is what this is about: not @codexkit/testing's hermetic HOME/ZDOTDIR/BASH_ENV
    home: { hermetic: false },
    codex: { ...codex, env: { HOME: profileHome, ...codex.env } },
  });
  const thread = await t.codex.threadStart({ cwd: t.workspace });
  const result = await thread.run("probe the shell");
  expect(result.finalResponse).toBe("done");
  const commands = result.items.filter(
    (item): item is Extract<ThreadItem, { type: "commandExecution" }> => item.type === "commandExecution",
  );
  expect(commands).toHaveLength(1);
  const [command] = commands;
  expect(command?.exitCode).toBe(0);
  return { command: command?.command ?? "", output: command?.aggregatedOutput ?? "" };
}

describe.concurrent('preset "throughput" never runs the caller\'s shell profile', () => {
  // One HOME per test: the tests run at once, and reads.log must only see its own test's shells.
  afterAll(async () => {
    await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
  });

  it("under the preset a command runs without a login shell: no startup file read, no profile PATH, ZDOTDIR=/dev/null", async () => {
    const profileHome = await homeWithAProfile();
    const { command, output } = await runProbe(profileHome, { preset: "throughput" });
    expect(command).toMatch(/^\S+ -c '/);
    expect(output).not.toContain("marker:");
    expect(output).toContain("PATH=");
    expect(output).not.toContain(join(profileHome, "profile-bin"));
    expect(output).toContain("ZDOTDIR=/dev/null\n");
    // nothing codex started outside the sandbox (a snapshot shell) read it either
    expect(existsSync(join(profileHome, "reads.log"))).toBe(false);
  });

  it("the control: with a login shell the same command reads the profile and gets its PATH", async () => {
    // Explicit, so that a test home that turns login shells off cannot make this control vacuous; snapshots
    // off, because once codex has a thread's snapshot a command may start from it instead of the profile.
    const profileHome = await homeWithAProfile();
    const { command, output } = await runProbe(profileHome, {
      config: { allow_login_shell: true, "features.shell_snapshot": false },
    });
    expect(command).toMatch(/^\S+ -lc '/);
    expect(output).toMatch(/marker:\.(profile|zshenv)/);
    expect(output).toContain(`PATH=${join(profileHome, "profile-bin")}:`);
    expect(output).toContain("ZDOTDIR=unset\n");
  });

  it("the caller's own config and env win over the preset's", async () => {
    const profileHome = await homeWithAProfile();
    const { command, output } = await runProbe(profileHome, {
      preset: "throughput",
      config: { allow_login_shell: true },
      env: { ZDOTDIR: profileHome },
    });
    expect(command).toMatch(/^\S+ -lc '/);
    expect(output).toMatch(/marker:\.(profile|zshenv)/);
    expect(output).toContain(`ZDOTDIR=${profileHome}\n`);
  });

  it("a model that asks for a login shell under the preset is told it is disabled, and nothing runs", async () => {
    const profileHome = await homeWithAProfile();
    await using t = await createTestCodex({
      script: [
        Reply.functionCall("exec_command", { cmd: "echo hi", login: true }, { callId: "call_login" }),
        Reply.message("understood"),
      ],
      home: { hermetic: false },
      codex: { preset: "throughput", env: { HOME: profileHome } },
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const result = await thread.run("run it in a login shell");
    expect(result.finalResponse).toBe("understood");
    expect(result.items.filter((item) => item.type === "commandExecution")).toEqual([]);
    expect(t.model.functionCallOutputs(1)).toMatchObject([
      { callId: "call_login", output: "login shell is disabled by config; omit `login` or set it to false." },
    ]);
  });

  it("is refused where its spawn settings cannot reach the server: command and transport, like url", () => {
    for (const where of [
      { command: ["codex", "app-server"] },
      { transport: new WebSocketTransport("ws://127.0.0.1:1") },
      { url: "ws://127.0.0.1:1" },
    ]) {
      const options = { preset: "throughput", ...where } as CodexOptions;
      expect(() => new Codex(options)).toThrow(InvalidInputError);
      expect(() => new Codex(options)).toThrow(
        /allow_login_shell = false at its top level, and pass \{ ephemeral: true \} to threadStart instead/,
      );
    }
  });
});
