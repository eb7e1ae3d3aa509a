import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import {
  killLeftovers,
  SpawnedProcess,
  scaledTimeout,
  settlesWithin,
  waitUntilGone,
} from "@codexkit/test-support";
import { type CodexHome, createCodexHome, Reply, ScriptedModel } from "@codexkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PROGRAM = fileURLToPath(new URL("./fixtures/forgets-close.mjs", import.meta.url));
// The built SDK, as a user's program imports it.
const SDK = createRequire(import.meta.url).resolve("@codexkit/node");
let model: ScriptedModel;
let home: CodexHome;
const leftovers: number[] = [];

beforeAll(async () => {
  model = await ScriptedModel.start();
  home = await createCodexHome({ baseUrl: model.baseUrl });
});

afterAll(async () => {
  killLeftovers(leftovers);
  await home?.dispose();
  await model?.close();
});

describe("a program that never calls close()", () => {
  it("stays alive while its turn runs, then exits by itself, and its app-server is gone", {
    timeout: scaledTimeout(45_000),
  }, async () => {
    model.enqueue(Reply.message("hello, and goodbye"));
    const program = new SpawnedProcess(process.execPath, [PROGRAM], {
      env: {
        ...process.env,
        CODEXKIT_BUNDLE: SDK,
        CODEXKIT_OPTIONS: JSON.stringify({ codexHome: home.path, env: home.env, cwd: home.workspace }),
      },
      stdin: "ignore",
    });
    const settled = await settlesWithin(program.ended, scaledTimeout(30_000), "the program");
    if (!("value" in settled)) await program.kill();
    const { stdout, stderr } = program;
    const pid = Number(/app-server pid=(\d+)/.exec(stdout)?.[1]);
    if (pid > 0) leftovers.push(pid);
    // exit code 0 with the answer printed: it neither hung nor quit mid-turn (an unsettled await exits 13)
    expect(settled, `program output:\n${stdout}\n${stderr}`).toEqual({ value: { code: 0, signal: null } });
    expect(stdout).toContain("answer=hello, and goodbye\n");
    expect(pid).toBeGreaterThan(0);
    expect(await waitUntilGone([pid])).toEqual([]);
  });
});
