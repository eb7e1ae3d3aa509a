import { Codex } from "@codexkit/node";
import { afterEach, expect, test } from "vitest";
import {
  createCodexHome,
  Reply,
  ScriptedModel,
  scaledTimeout,
  startAppServerListener,
} from "../src/index.js";
import { codexBinary } from "./support/codex-binary.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

test("a listening server's stderr keeps being captured after the listening line", async () => {
  const model = await ScriptedModel.start({ script: [Reply.message("done")] });
  cleanups.push(() => model.close());
  const home = await createCodexHome({ baseUrl: model.baseUrl });
  cleanups.push(() => home.dispose());
  const server = await startAppServerListener({ home, codexPath: codexBinary() });
  cleanups.push(() => server.close());
  const atListen = server.stderr();
  expect(atListen).toMatch(/listening on: ws:\/\/127\.0\.0\.1:\d+/);
  const codex = new Codex({ url: server.url, token: server.token as string });
  cleanups.push(() => codex.close());
  const thread = await codex.threadStart({ cwd: home.workspace });
  expect((await thread.run("hi")).finalResponse).toBe("done");
  // codex warns about the scripted model's unknown metadata while the turn runs, long after it listened
  await expect
    .poll(() => server.stderr().slice(atListen.length), { timeout: scaledTimeout(10_000) })
    .toContain("Unknown model mock-model");
  expect(server.stderr().startsWith(atListen)).toBe(true);
  expect(server.stderr()).not.toContain(server.token as string);
});
