import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Reply } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { closeAll, startBackend, startBridge, structured, textOf } from "./support/bridge.js";

afterEach(closeAll);

describe("operator policy, end to end", () => {
  test("a cwd outside the roots and sandbox or approval escalation are refused before anything starts", async () => {
    const bridge = await startBridge({
      script: [Reply.message("allowed")],
      args: ["--sandbox", "workspace-write"],
    });
    const refusals: Array<[Record<string, unknown>, RegExp]> = [
      [{ cwd: "/" }, /cwd "\/" resolves to \/, which is outside the allowed roots/],
      [{ cwd: ".." }, /outside the allowed roots/],
      [{ cwd: join(bridge.home.path) }, /outside the allowed roots/],
      [
        { sandbox: "danger-full-access" },
        /sandbox "danger-full-access" is above the operator's ceiling "workspace-write"/,
      ],
      [
        { approvalPolicy: "auto-review" },
        /approval policy "auto-review" is above the operator's ceiling "on-request"/,
      ],
      [{ approvalPolicy: "bypass" }, /approval policy "bypass" is above the operator's ceiling/],
    ];
    for (const [args, message] of refusals) {
      const result = await bridge.call("codex_run", { prompt: "do it", ...args });
      expect(result.isError, JSON.stringify(args)).toBe(true);
      expect(textOf(result)).toMatch(message);
    }
    // Nothing was started: no model request, not even an app-server.
    expect(bridge.model.requests).toHaveLength(0);
    expect(bridge.appServers()).toEqual([]);

    const allowed = structured<{ sandbox: string; approvalPolicy: string }>(
      await bridge.call("codex_run", { prompt: "do it", sandbox: "read-only", approvalPolicy: "never" }),
    );
    expect(allowed).toMatchObject({
      sandbox: "read-only",
      approvalPolicy: "never",
      finalResponse: "allowed",
    });
  });

  test("a thread whose directory is outside the roots cannot be continued, read or listed", async () => {
    const backend = await startBackend([Reply.message("made in a"), Reply.message("made in b")]);
    const a = join(backend.home.workspace, "a");
    const b = join(backend.home.workspace, "b");
    mkdirSync(a);
    mkdirSync(b);
    const first = await startBridge({ backend, cwd: a });
    const { threadId } = structured<{ threadId: string }>(
      await first.call("codex_run", { prompt: "work in a" }),
    );
    await first.close();

    const second = await startBridge({ backend, cwd: b, args: ["--expose-existing-threads"] });
    const continued = await second.call("codex_run", { prompt: "continue", threadId, cwd: b });
    expect(continued.isError).toBe(true);
    expect(textOf(continued)).toMatch(
      new RegExp(`thread ${threadId}'s directory resolves to .*/a, which is outside the allowed roots`),
    );
    const read = await second.call("codex_read_thread", { threadId });
    expect(read.isError).toBe(true);
    expect(textOf(read)).toMatch(/outside the allowed roots/);
    const { threadId: own } = structured<{ threadId: string }>(
      await second.call("codex_run", { prompt: "work in b" }),
    );
    const listed = structured<{ threads: Array<{ threadId: string }> }>(
      await second.call("codex_list_threads", {}),
    );
    expect(listed.threads.map((thread) => thread.threadId)).toEqual([own]);
    expect(backend.model.requests).toHaveLength(2);
  });
});
