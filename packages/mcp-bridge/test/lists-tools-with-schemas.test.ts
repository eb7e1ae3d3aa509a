import { afterEach, describe, expect, test } from "vitest";
import { closeAll, startBridge } from "./support/bridge.js";

afterEach(closeAll);

describe("tools/list", () => {
  test("lists codex_run, codex_wait, codex_interrupt, codex_review, codex_list_threads and codex_read_thread, each with an input and an output schema", async () => {
    const bridge = await startBridge({
      args: ["--sandbox", "workspace-write", "--approval-policy", "never"],
    });
    const { tools } = await bridge.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      "codex_interrupt",
      "codex_list_threads",
      "codex_read_thread",
      "codex_review",
      "codex_run",
      "codex_wait",
    ]);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type).toBe("object");
      expect(tool.description).toBeTruthy();
    }

    const run = tools.find((tool) => tool.name === "codex_run")!;
    expect(run.inputSchema.required).toEqual(["prompt"]);
    expect(Object.keys(run.inputSchema.properties ?? {}).sort()).toEqual(
      ["approvalPolicy", "cwd", "model", "outputSchema", "prompt", "sandbox", "threadId", "wait"].sort(),
    );
    expect(run.inputSchema).toMatchObject({ additionalProperties: false });
    const sandbox = run.inputSchema.properties!.sandbox as { enum: string[]; description: string };
    expect(sandbox.enum).toEqual(["read-only", "workspace-write", "danger-full-access"]);
    expect(sandbox.description).toContain('at most "workspace-write"');
    expect((run.inputSchema.properties!.approvalPolicy as { description: string }).description).toContain(
      'at most "never"',
    );
    expect(run.outputSchema?.required).toEqual(
      expect.arrayContaining([
        "threadId",
        "turnId",
        "status",
        "finalResponse",
        "usage",
        "durationMs",
        "actions",
        "approvals",
      ]),
    );
    expect(run.annotations).toMatchObject({ readOnlyHint: false });

    const wait = tools.find((tool) => tool.name === "codex_wait")!;
    expect(wait.inputSchema.required).toEqual(["turnId"]);
    expect(Object.keys(wait.inputSchema.properties ?? {}).sort()).toEqual(["timeoutSeconds", "turnId"]);

    const read = tools.find((tool) => tool.name === "codex_read_thread")!;
    expect(read.inputSchema.required).toEqual(["threadId"]);
    expect(read.annotations).toMatchObject({ readOnlyHint: true });
    // Listing tools starts no app-server: it starts on the first call that needs it.
    expect(bridge.appServers()).toEqual([]);
  });
});
