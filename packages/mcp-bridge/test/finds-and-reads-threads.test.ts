import { Item, Reply } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { closeAll, startBackend, startBridge, structured } from "./support/bridge.js";

afterEach(closeAll);

interface ThreadList {
  threads: Array<{ threadId: string; preview: string; cwd: string; status: string; createdAt: string }>;
  nextCursor: string | null;
}
interface ThreadRead {
  threadId: string;
  preview: string;
  turns: Array<{
    turnId: string;
    status: string;
    prompt: string;
    finalResponse: string | null;
    actions: { commands: Array<{ command: string }> };
  }>;
  olderCursor: string | null;
}

describe("codex_list_threads and codex_read_thread", () => {
  test("list the bridge's threads newest first, page through them, and read a thread's turns", async () => {
    const bridge = await startBridge({
      script: [
        Reply.message("Alpha done."),
        Reply.execCommand("echo beta"),
        Reply.message("Beta done."),
        Reply.message("Beta again."),
      ],
    });
    const alpha = structured<{ threadId: string }>(await bridge.call("codex_run", { prompt: "alpha task" }));
    const beta = structured<{ threadId: string }>(await bridge.call("codex_run", { prompt: "beta task" }));
    await bridge.call("codex_run", { prompt: "beta follow-up", threadId: beta.threadId });

    const all = structured<ThreadList>(await bridge.call("codex_list_threads", {}));
    expect(all.threads.map((t) => t.threadId)).toEqual([beta.threadId, alpha.threadId]);
    expect(all.threads[1]).toMatchObject({ preview: "alpha task", cwd: bridge.home.workspace });
    expect(Number.isNaN(Date.parse(all.threads[0]!.createdAt))).toBe(false);
    expect(all.nextCursor).toBeNull();

    const first = structured<ThreadList>(await bridge.call("codex_list_threads", { limit: 1 }));
    expect(first.threads.map((t) => t.threadId)).toEqual([beta.threadId]);
    expect(first.nextCursor).not.toBeNull();
    const second = structured<ThreadList>(
      await bridge.call("codex_list_threads", { limit: 1, cursor: first.nextCursor }),
    );
    expect(second.threads.map((t) => t.threadId)).toEqual([alpha.threadId]);

    const found = structured<ThreadList>(await bridge.call("codex_list_threads", { search: "alpha" }));
    expect(found.threads.map((t) => t.threadId)).toEqual([alpha.threadId]);

    const read = structured<ThreadRead>(await bridge.call("codex_read_thread", { threadId: beta.threadId }));
    expect(read.turns).toMatchObject([
      {
        status: "completed",
        prompt: "beta task",
        finalResponse: "Beta done.",
        actions: { commands: [{ command: "echo beta" }] },
      },
      {
        status: "completed",
        prompt: "beta follow-up",
        finalResponse: "Beta again.",
        actions: { commands: [] },
      },
    ]);
    expect(read.olderCursor).toBeNull();

    const latest = structured<ThreadRead>(
      await bridge.call("codex_read_thread", { threadId: beta.threadId, limit: 1 }),
    );
    expect(latest.turns.map((t) => t.prompt)).toEqual(["beta follow-up"]);
    expect(latest.olderCursor).not.toBeNull();
    const older = structured<ThreadRead>(
      await bridge.call("codex_read_thread", {
        threadId: beta.threadId,
        limit: 1,
        cursor: latest.olderCursor,
      }),
    );
    expect(older.turns.map((t) => t.prompt)).toEqual(["beta task"]);
  });

  test("with --expose-existing-threads a fresh bridge process lists and reads earlier threads (they are persisted)", async () => {
    const backend = await startBackend([Reply.items([Item.message("Persisted.")])]);
    const bridge = await startBridge({ backend });
    const { threadId } = structured<{ threadId: string }>(
      await bridge.call("codex_run", { prompt: "remember me" }),
    );
    await bridge.close();
    const fresh = await startBridge({ backend, args: ["--expose-existing-threads"] });
    const listed = structured<ThreadList>(await fresh.call("codex_list_threads", {}));
    expect(listed.threads.map((t) => t.threadId)).toEqual([threadId]);
    const read = structured<ThreadRead>(await fresh.call("codex_read_thread", { threadId }));
    expect(read.turns).toMatchObject([{ prompt: "remember me", finalResponse: "Persisted." }]);
  });
});
