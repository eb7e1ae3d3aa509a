import { existsSync } from "node:fs";
import { join } from "node:path";
import { Reply } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import type { RunResult } from "../src/index.js";
import { closeAll, startBackend, startBridge, structured } from "./support/bridge.js";
import { connectModernStdio, MODERN, type ModernClient, structuredOf } from "./support/modern-client.js";

const clients: ModernClient[] = [];
afterEach(async () => {
  for (const { client } of clients.splice(0)) await client.close();
  await closeAll();
});

const TOOLS = [
  "codex_interrupt",
  "codex_list_threads",
  "codex_read_thread",
  "codex_review",
  "codex_run",
  "codex_wait",
];

const escalation = () => [
  Reply.execCommand("touch approved.txt", {
    sandboxPermissions: "require_escalated",
    justification: "need to create the file",
  }),
  Reply.message("done"),
];

describe("protocol revision 2026-07-28 over stdio (MCP SDK v2 client)", () => {
  test("a client pinned to 2026-07-28 connects with server/discover, lists the tools and runs codex_run with progress", async () => {
    const backend = await startBackend([
      Reply.execCommand("echo modern"),
      Reply.message("answered over 2026-07-28"),
    ]);
    const modern = await connectModernStdio(backend);
    clients.push(modern);
    expect(modern.client.getNegotiatedProtocolVersion()).toBe(MODERN);
    expect(modern.client.getProtocolEra()).toBe("modern");

    const { tools } = await modern.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
    expect(tools.every((tool) => tool.outputSchema !== undefined)).toBe(true);
    // MCP tasks are a 2025-11-25 feature: not offered on 2026-07-28.
    expect(tools.find((tool) => tool.name === "codex_run")?.execution).toBeUndefined();

    const result = structuredOf<RunResult>(
      await modern.call("codex_run", { prompt: "hello 2026" }, { onprogress: () => {} }),
    );
    expect(result).toMatchObject({
      status: "completed",
      finalResponse: "answered over 2026-07-28",
      actions: { commands: [{ command: "echo modern", exitCode: 0 }] },
    });
    const progress = modern.progress();
    expect(progress.map((p) => p.message)).toContain("turn started");
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);
    expect(backend.model.inputTexts(0, "user")).toContain("hello 2026");
  });

  test("a client that negotiates (auto) gets 2026-07-28; a 2025-era client of the same bin still gets initialize and MCP tasks", async () => {
    const backend = await startBackend([Reply.message("auto"), Reply.message("legacy")]);
    const modern = await connectModernStdio(backend, { negotiation: "auto" });
    clients.push(modern);
    expect(modern.client.getNegotiatedProtocolVersion()).toBe(MODERN);
    expect(structuredOf<RunResult>(await modern.call("codex_run", { prompt: "one" })).finalResponse).toBe(
      "auto",
    );

    const legacy = await startBridge({ backend });
    expect(legacy.client.getServerVersion()?.name).toBe("codexkit-mcp");
    const { tools } = await legacy.client.listTools();
    expect(tools.find((tool) => tool.name === "codex_run")?.execution).toEqual({ taskSupport: "optional" });
    expect(structured<RunResult>(await legacy.call("codex_run", { prompt: "two" })).finalResponse).toBe(
      "legacy",
    );
  });

  test("approvals reach a 2026-07-28 client as input_required results; its answer (accept) runs the command", async () => {
    const backend = await startBackend(escalation());
    const modern = await connectModernStdio(backend, {
      onElicit: () => ({ action: "accept", content: { decision: "accept" } }),
    });
    clients.push(modern);
    const result = structuredOf<RunResult>(await modern.call("codex_run", { prompt: "create approved.txt" }));
    expect(modern.elicitations).toHaveLength(1);
    expect(modern.elicitations[0]!.message).toContain("Codex asks for approval to run `touch approved.txt`");
    expect(modern.elicitations[0]!.requestedSchema).toMatchObject({
      type: "object",
      required: ["decision"],
      properties: { decision: { type: "string", enum: ["accept", "cancel"], default: "cancel" } },
    });
    // The call came back twice: input_required with the question, then the result.
    const results = modern.received.flatMap((message) =>
      "result" in message && (message.result as { resultType?: string }).resultType === "input_required"
        ? [message.result]
        : [],
    );
    expect(results).toHaveLength(1);
    expect(result.approvals).toEqual([
      {
        kind: "commandExecution",
        subject: "run `touch approved.txt`",
        decision: "accept",
        decidedBy: "client",
      },
    ]);
    expect(result).toMatchObject({ status: "completed", finalResponse: "done" });
    expect(existsSync(join(backend.home.workspace, "approved.txt"))).toBe(true);
  });

  test("a 2026-07-28 client without form elicitation is not asked: the operator policy refuses", async () => {
    const backend = await startBackend(escalation());
    const modern = await connectModernStdio(backend);
    clients.push(modern);
    const result = structuredOf<RunResult>(await modern.call("codex_run", { prompt: "create approved.txt" }));
    expect(result.approvals).toEqual([
      {
        kind: "commandExecution",
        subject: "run `touch approved.txt`",
        decision: "cancel",
        decidedBy: "policy",
      },
    ]);
    expect(existsSync(join(backend.home.workspace, "approved.txt"))).toBe(false);
  });

  test("wait: false, then codex_wait: the run's approval question comes back from codex_wait; declining it stops the turn", async () => {
    const backend = await startBackend(escalation());
    const modern = await connectModernStdio(backend, {
      onElicit: () => ({ action: "decline" }),
    });
    clients.push(modern);
    const started = structuredOf<RunResult>(
      await modern.call("codex_run", { prompt: "in the background", wait: false }),
    );
    expect(started.status).toBe("running");
    let result = started;
    for (let i = 0; i < 20 && result.status === "running"; i++)
      result = structuredOf<RunResult>(
        await modern.call("codex_wait", { turnId: started.turnId, timeoutSeconds: 10 }),
      );
    expect(modern.elicitations).toHaveLength(1);
    expect(result.status).toBe("interrupted");
    expect(result.approvals).toEqual([
      {
        kind: "commandExecution",
        subject: "run `touch approved.txt`",
        decision: "cancel",
        decidedBy: "client",
      },
    ]);
    expect(existsSync(join(backend.home.workspace, "approved.txt"))).toBe(false);
  });

  test("cancelling a 2026-07-28 call interrupts its turn; the thread stays usable", async () => {
    const backend = await startBackend([Reply.stall(), Reply.message("after the cancel")]);
    const modern = await connectModernStdio(backend);
    clients.push(modern);
    const controller = new AbortController();
    const call = modern.call("codex_run", { prompt: "never finishes" }, { signal: controller.signal });
    await backend.model.waitForRequests(1, { timeoutMs: 20_000 });
    controller.abort();
    await expect(call).rejects.toThrow();
    const { threads } = structuredOf<{ threads: Array<{ threadId: string }> }>(
      await modern.call("codex_list_threads", {}),
    );
    expect(threads).toHaveLength(1);
    let status = "";
    for (let i = 0; i < 100 && status !== "interrupted"; i++) {
      const read = structuredOf<{ turns: Array<{ status: string }> }>(
        await modern.call("codex_read_thread", { threadId: threads[0]!.threadId }),
      );
      status = read.turns[0]?.status ?? "";
      if (status !== "interrupted") await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe("interrupted");
    const next = structuredOf<RunResult>(
      await modern.call("codex_run", { prompt: "again", threadId: threads[0]!.threadId }),
    );
    expect(next.finalResponse).toBe("after the cancel");
  });
});
