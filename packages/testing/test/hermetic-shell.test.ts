import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { type CodexHome, createTestCodex, type ModelReply, Reply, type ScriptedModel } from "../src/index.js";
import { disposeAll, startE2e } from "./support/e2e.js";

/** What the scripted command prints: which shell ran it, whether it was a login shell, and its HOME. */
const PROBE = 'echo "argv0=$0"; shopt login_shell; echo "HOME=$HOME"';

/**
 * A stand-in for the caller's home directory: start-up files that each append a marker line to
 * `markers.log`, so the test can tell whether any shell codex started read them.
 */
let caller: string;
let markers: string;

beforeEach(async () => {
  caller = await mkdtemp(join(tmpdir(), "codexkit-caller-"));
  markers = join(caller, "markers.log");
  const mark = (name: string) => `echo ${name} >> '${markers}'\n`;
  await writeFile(join(caller, ".profile"), `${mark("profile")}[ -f ~/.bashrc ] && . ~/.bashrc\n`);
  await writeFile(join(caller, ".bashrc"), mark("bashrc"));
  await writeFile(join(caller, ".zshenv"), mark("zshenv"));
  await writeFile(join(caller, "bash-env.sh"), mark("bash_env"));
  vi.stubEnv("HOME", caller);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await disposeAll();
  await rm(caller, { recursive: true, force: true });
});

async function markerLines(): Promise<string[]> {
  const text = await readFile(markers, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  return text.split("\n").filter((line) => line !== "");
}

async function shellSnapshots(home: CodexHome): Promise<string[]> {
  return readdir(join(home.path, "shell_snapshots")).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
}

function script(): ModelReply[] {
  return [Reply.execCommand(PROBE, { callId: "call_probe" }), Reply.message("probed")];
}

/** The probe's output, as codex sent it back to the model. */
function probeOutput(model: ScriptedModel): string {
  const [output] = model.functionCallOutputs(1);
  expect(output?.callId).toBe("call_probe");
  return output?.output.split("Output:\n")[1] ?? "";
}

function expectHermetic(output: string, home: CodexHome): void {
  expect(output).toBe(`argv0=/bin/bash\nlogin_shell    \toff\nHOME=${home.userHome}\n`);
}

describe("a hermetic test app-server (the default)", () => {
  test.each(["stdio", "websocket"] as const)(
    "createTestCodex (%s): commands start no login shell, read no start-up file of the caller, and no shell snapshot is taken",
    async (transport) => {
      vi.stubEnv("BASH_ENV", join(caller, "bash-env.sh"));
      const t = await createTestCodex({
        script: script(),
        home: { sandbox: "danger-full-access" },
        transport,
      });
      try {
        const thread = await t.codex.threadStart({ cwd: t.workspace });
        expect((await thread.run("probe the shell")).finalResponse).toBe("probed");
        expectHermetic(probeOutput(t.model), t.home);
        expect(await markerLines()).toEqual([]);
        expect(await shellSnapshots(t.home)).toEqual([]);
      } finally {
        await t.dispose();
      }
    },
  );

  test("your own spawn with createCodexHome's env and config is hermetic too", async () => {
    vi.stubEnv("BASH_ENV", join(caller, "bash-env.sh"));
    const { model, home, client, threadId } = await startE2e(script(), { sandbox: "danger-full-access" });
    const { turn } = await client.runTurn(threadId, "probe the shell");
    expect(turn.status).toBe("completed");
    expectHermetic(probeOutput(model), home);
    expect(await markerLines()).toEqual([]);
    expect(await shellSnapshots(home)).toEqual([]);
  });
});

describe("hermetic: false, for a test that wants the real shell", () => {
  test("commands see the caller's HOME and their shell reads the caller's profile", async () => {
    const t = await createTestCodex({
      script: script(),
      home: { sandbox: "danger-full-access", hermetic: false },
    });
    try {
      const thread = await t.codex.threadStart({ cwd: t.workspace });
      expect((await thread.run("probe the shell")).finalResponse).toBe("probed");
      expect(probeOutput(t.model)).toContain(`HOME=${caller}\n`);
      // The login shell (of the command, or of the shell snapshot the command then sources) read them.
      expect(await markerLines()).toEqual(expect.arrayContaining(["profile", "bashrc"]));
    } finally {
      await t.dispose();
    }
  });
});
