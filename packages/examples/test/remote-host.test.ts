import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createCodexHome, ScriptedModel, scaledTimeout, startAppServerListener } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { main, PROJECT, script } from "../src/remote-host.js";
import { captureOutput } from "./support/capture.js";

describe("remote-host example", () => {
  it(
    "over a WebSocket listener: sets up a project with codex.fs, tests fail, Codex fixes the file, codex.fs reads it back, tests pass",
    async () => {
      await using model = await ScriptedModel.start({ script: script() });
      await using home = await createCodexHome({ baseUrl: model.baseUrl });
      await using server = await startAppServerListener({ home });
      const projectDir = join(home.workspace, "project");
      const out = captureOutput();

      const run = await main({
        options: { url: server.url, token: server.token as string },
        projectDir,
        out,
      });

      expect(run.before.exitCode).not.toBe(0);
      expect(run.before.stdout).toMatch(/^# fail 1$/m);
      expect(run.answer).toBe("Fixed add() in math.mjs.");
      expect(run.source).toBe("export const add = (a, b) => a + b;\n");
      // the file really changed on the server's host, and the test file was left alone
      expect(readFileSync(join(projectDir, "math.mjs"), "utf8")).toBe(run.source);
      expect(readFileSync(join(projectDir, "math.test.mjs"), "utf8")).toBe(PROJECT["math.test.mjs"]);
      expect(run.after).toMatchObject({ exitCode: 0 });
      expect(run.after.stdout).toMatch(/^# pass 1$/m);
      expect(run.after.stdout).toMatch(/^# fail 0$/m);
      // the agent's command ran in the thread's working directory, through the model's exec_command call
      expect(model.requests).toHaveLength(2);
      expect(out.text).toContain(`project on ${server.url}: ${projectDir} (math.mjs, math.test.mjs)`);
      expect(out.text).toContain("tests after: exit 0");
      expect(out.text).not.toContain(server.token as string);
    },
    scaledTimeout(120_000),
  ); // three node processes and a turn that runs a shell command, on a machine that may be busy
});
