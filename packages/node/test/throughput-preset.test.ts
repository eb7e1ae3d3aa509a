import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { Codex, type CodexOptions, InvalidInputError } from "@codexkit/node";
import { waitUntil } from "@codexkit/test-support";
import { createTestCodex, Reply, type TestCodex } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

/** The shell snapshots codex wrote into this CODEX_HOME (one per new thread while the feature is on). */
async function snapshots(t: TestCodex): Promise<string[]> {
  return readdir(join(t.home.path, "shell_snapshots")).catch(() => []);
}

async function startThreadAndRun(t: TestCodex, options: { ephemeral?: boolean } = {}) {
  const thread = await t.codex.threadStart({ cwd: t.workspace, ...options });
  t.model.enqueue(Reply.message("done"));
  expect((await thread.run("go")).finalResponse).toBe("done");
  return thread;
}

describe("preset: throughput", () => {
  it("starts threads ephemeral unless told otherwise, and spawns without shell snapshots", async () => {
    // The control turns shell snapshots on itself (test homes may leave them off).
    await using plain = await createTestCodex({ codex: { config: { "features.shell_snapshot": true } } });
    await using lean = await createTestCodex({ codex: { preset: "throughput" } });
    await using leanButSnapshots = await createTestCodex({
      codex: { preset: "throughput", config: { "features.shell_snapshot": true } },
    });

    const plainThread = await startThreadAndRun(plain);
    expect(plainThread.info?.ephemeral).toBe(false);
    const leanThread = await startThreadAndRun(lean);
    expect(leanThread.info).toMatchObject({ ephemeral: true, path: null });
    const kept = await startThreadAndRun(lean, { ephemeral: false });
    expect(kept.info?.ephemeral).toBe(false);
    expect((await lean.codex.threadList()).data.map((item) => item.id)).toEqual([kept.id]);
    await startThreadAndRun(leanButSnapshots);

    // codex writes a snapshot per new thread when the feature is on (the control) and none with the preset;
    // the caller's own config entry wins over the preset's.
    await waitUntil(async () => (await snapshots(plain)).length === 1, "the control's snapshot");
    await waitUntil(async () => (await snapshots(leanButSnapshots)).length === 1, "the overriding snapshot");
    expect(await snapshots(lean)).toEqual([]);
  });

  it("is refused when unknown, or when the app-server is not spawned by this client", () => {
    expect(() => new Codex({ preset: "fast" as "throughput" })).toThrow(InvalidInputError);
    expect(() => new Codex({ preset: "fast" as "throughput" })).toThrow(/preset must be one of "throughput"/);
    const remote = { preset: "throughput", url: "ws://127.0.0.1:1" } as CodexOptions;
    expect(() => new Codex(remote)).toThrow(InvalidInputError);
    expect(() => new Codex(remote)).toThrow(/shell_snapshot = false in that server's config.toml/);
  });
});
