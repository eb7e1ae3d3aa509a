import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  ApprovalMode,
  type ApprovalRequest,
  Codex,
  type Notification,
  type ServerRequestEvent,
} from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

/** `codex.stats()` entries that are bounded caches of finished turns, not per-turn state. */
const BOUNDED_CACHES = ["rememberedCompleted", "completedUnopened"];

describe("several clients on one WebSocket app-server", () => {
  it("only the client that started the turn answers its approval; the others leave it to the owner and keep nothing", async () => {
    await using t = await createTestCodex({
      transport: "websocket",
      script: [
        Reply.message("ready"),
        Reply.execCommand("echo owner > owner.txt", {
          sandboxPermissions: "require_escalated",
          justification: "needs to write",
          callId: "call_owner",
        }),
        Reply.message("done"),
      ],
    });
    const server = t.server!;
    // B resumes A's thread (both then get every event and server request of it) and would decline everything.
    const declinedByB: ApprovalRequest[] = [];
    await using b = new Codex({
      url: server.url,
      token: server.token as string,
      onApproval: (request) => {
        declinedByB.push(request);
        return "decline";
      },
    });
    // C never touches the thread.
    await using c = new Codex({ url: server.url, token: server.token as string });
    await c.start();
    const bRequests: ServerRequestEvent[] = [];
    const cRequests: ServerRequestEvent[] = [];
    const aRequests: ServerRequestEvent[] = [];
    b.onServerRequest((e) => bRequests.push(e));
    c.onServerRequest((e) => cRequests.push(e));
    t.codex.onServerRequest((e) => aRequests.push(e));

    const thread = await t.codex.threadStart({ cwd: t.workspace, approvalMode: ApprovalMode.ask });
    // a thread with no turn has no rollout yet, and cannot be resumed
    expect((await thread.run("warm up")).finalResponse).toBe("ready");
    await b.threadResume(thread.id);
    const bSaw: Notification[] = [];
    b.onNotification((n) => bSaw.push(n));

    // A's handler answers late: if B answered at all, its decline would arrive first and win.
    const result = await thread.run("write the file", {
      onApproval: async () => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        return "accept" as const;
      },
    });

    expect(result.status).toBe("completed");
    expect(await readFile(join(t.workspace, "owner.txt"), "utf8")).toBe("owner\n");
    expect(aRequests).toEqual([
      expect.objectContaining({ method: "item/commandExecution/requestApproval", answeredBy: "handler" }),
    ]);
    expect(bRequests).toEqual([
      expect.objectContaining({
        method: "item/commandExecution/requestApproval",
        requestId: aRequests[0]?.requestId,
        answeredBy: "notOwned",
        result: undefined,
      }),
    ]);
    expect(declinedByB).toEqual([]);
    // B is subscribed: it saw A's turn complete
    expect(bSaw.some((n) => n.method === "turn/completed" && n.params.turn.id === result.id)).toBe(true);
    // C is not subscribed to the thread: the server does not send it the request at all
    expect(cRequests).toEqual([]);

    for (const client of [b, c]) {
      const leaks = Object.entries(client.stats()).filter(([k, v]) => !BOUNDED_CACHES.includes(k) && v !== 0);
      expect(leaks).toEqual([]);
    }
    // C never knew the thread: not even the bounded caches hold anything of it
    expect(c.stats()).toMatchObject({ completedUnopened: 0, rememberedCompleted: 0 });
    await expect(access(join(t.workspace, "nothing-else"))).rejects.toThrow();
  });
});
