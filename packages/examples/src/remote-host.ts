/**
 * Remote host: drive an app-server on another machine over `ws://` / `wss://` and work with that machine's
 * files and commands — put a small project there with `codex.fs`, run its tests with `codex.exec` (they
 * fail), let Codex fix the code, read the changed file back with `codex.fs`, and run the tests again.
 *
 *   pnpm --filter @codexkit/examples run example:remote-host
 *   CODEX_URL=wss://build-box:4500 CODEX_TOKEN=... PROJECT_DIR=/tmp/demo pnpm --filter @codexkit/examples run example:remote-host
 *
 * Without CODEX_URL the example starts a listening app-server itself (`codex app-server --listen ws://…`
 * with a capability token), against the embedded scripted model, whose scripted answer makes the fix.
 */
import { ApprovalMode, Codex, type CodexOptions, type ExecResult, Sandbox } from "@codexkit/node";
import {
  createCodexHome,
  type ModelReply,
  Reply,
  ScriptedModel,
  startAppServerListener,
} from "@codexkit/testing";
import { isMain } from "./support/environment.js";
import { type Output, println } from "./support/output.js";

/** The project the example puts on the server's host: a function with a bug and its test. */
export const PROJECT: Readonly<Record<string, string>> = {
  "math.mjs": "export const add = (a, b) => a - b;\n",
  "math.test.mjs": [
    'import assert from "node:assert/strict";',
    'import { test } from "node:test";',
    'import { add } from "./math.mjs";',
    "",
    'test("add adds", () => assert.equal(add(2, 3), 5));',
    "",
  ].join("\n"),
};

/** The fixed line the scripted model writes (a real model writes its own fix). */
const FIXED = "export const add = (a, b) => a + b;";

/** What the scripted model answers: one command that fixes `math.mjs`, then a message. */
export function script(): ModelReply[] {
  return [
    Reply.execCommand(`printf '%s\\n' '${FIXED}' > math.mjs`),
    Reply.message("Fixed add() in math.mjs."),
  ];
}

/** What {@link main} saw, for the test. */
export interface RemoteHostRun {
  /** The test run before the fix. */
  before: ExecResult;
  /** The agent's answer. */
  answer: string | undefined;
  /** `math.mjs` as read back from the server's host after the turn. */
  source: string;
  /** The test run after the fix. */
  after: ExecResult;
}

/** Connects, sets the project up on the server's host, runs the tests, lets Codex fix the code, checks again. */
export async function main({
  options,
  projectDir,
  out = process.stdout,
}: {
  options: CodexOptions;
  projectDir: string;
  out?: Output;
}): Promise<RemoteHostRun> {
  await using codex = new Codex(options);

  // 1. The project, written on the server's host (not this machine, with a remote server).
  await codex.fs.createDirectory(projectDir);
  for (const [name, text] of Object.entries(PROJECT)) await codex.fs.writeFile(`${projectDir}/${name}`, text);
  const names = (await codex.fs.readDirectory(projectDir)).map((entry) => entry.fileName).sort();
  println(out, `project on ${codex.transport?.endpoint}: ${projectDir} (${names.join(", ")})`);

  // 2. Its tests, run there (in codex's sandbox, without a turn).
  const before = await codex.exec(["node", "--test"], { cwd: projectDir, timeoutMs: 60_000 });
  println(out, `tests before: exit ${before.exitCode}`);

  // 3. The agent fixes the code; it may write inside the project and nowhere else.
  const thread = await codex.threadStart({
    cwd: projectDir,
    sandbox: Sandbox.workspaceWrite,
    approvalMode: ApprovalMode.denyAll,
  });
  const result = await thread.run("`node --test` fails in this project. Fix the code, not the test.");
  println(out, `codex: ${result.finalResponse ?? "(no answer)"}`);

  // 4. The changed file, read back from the server's host; the tests again.
  const source = await codex.fs.readTextFile(`${projectDir}/math.mjs`);
  println(out, `math.mjs now: ${source.trim()}`);
  const after = await codex.exec(["node", "--test"], { cwd: projectDir, timeoutMs: 60_000 });
  println(out, `tests after: exit ${after.exitCode}`);
  return { before, answer: result.finalResponse, source, after };
}

if (isMain(import.meta.url)) {
  void (async () => {
    const url = process.env.CODEX_URL;
    if (url) {
      const token = process.env.CODEX_TOKEN;
      const projectDir = process.env.PROJECT_DIR ?? `/tmp/codexkit-remote-host-${Date.now()}`;
      await main({ options: { url, ...(token ? { token } : {}) }, projectDir });
      return;
    }
    await using model = await ScriptedModel.start({ script: script() });
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    await using server = await startAppServerListener({ home });
    await main({
      options: { url: server.url, token: server.token as string },
      projectDir: `${home.workspace}/project`,
    });
  })().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
