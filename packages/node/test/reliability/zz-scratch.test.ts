import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ApprovalMode } from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { it } from "vitest";
import { isRunning } from "./support/processes.js";

it("close with command/exec and a running exec_command", async () => {
  await using t = await createTestCodex({
    script: [Reply.execCommand(`sh -c 'echo $$ > ${"TURNPID"}; exec sleep 30'`), Reply.stall()],
    home: { sandbox: "danger-full-access" },
  });
  const pidFile = join(t.workspace, "sleep.pid");
  const p = t.codex
    .request("command/exec", {
      command: ["sh", "-c", `echo $$ > ${pidFile}; exec sleep 30`],
      cwd: t.workspace,
      sandboxPolicy: { type: "dangerFullAccess" },
    } as never)
    .catch((e) => e);
  const thread = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.denyAll });
  const r = thread.run("run a long command").catch((e) => e);
  const turnPid = join(t.workspace, "TURNPID");
  for (let i = 0; i < 200 && !(existsSync(pidFile) && existsSync(turnPid)); i++)
    await new Promise((r) => setTimeout(r, 50));
  const a = Number(readFileSync(pidFile, "utf8")),
    b = Number(readFileSync(turnPid, "utf8"));
  const server = t.codex.pid!;
  await t.codex.close();
  await new Promise((r) => setTimeout(r, 300));
  console.log("server", isRunning(server), "command/exec sleep", isRunning(a), "turn sleep", isRunning(b));
  console.log((await p).message, (await r).message);
}, 60000);
