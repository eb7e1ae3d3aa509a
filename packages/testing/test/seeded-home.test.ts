import { readdir } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { createCodexHome, createTestCodex, Reply } from "../src/index.js";

const DATABASE_FILE = /\.sqlite(-wal|-shm)?$/;
const databases = async (dir: string) => (await readdir(dir)).filter((f) => DATABASE_FILE.test(f)).sort();

describe("createCodexHome seeds a new home with codex's empty databases", () => {
  test("a seeded home holds the databases codex creates at its first start, and nothing else of that start", async () => {
    await using fresh = await createCodexHome({ baseUrl: "http://127.0.0.1:9/v1", seed: false });
    await using seeded = await createCodexHome({ baseUrl: "http://127.0.0.1:9/v1" });
    expect(await readdir(fresh.path)).toEqual(["config.toml"]);
    // What codex itself creates in an empty home when it starts, as on disk once it has exited
    await using first = await createTestCodex({ home: { seed: false } });
    await first.codex.close();
    const created = (await databases(first.home.path)).filter((f) => f.endsWith(".sqlite"));
    expect(created.length).toBeGreaterThan(0);
    const seededFiles = await readdir(seeded.path);
    // every database codex creates, already there; no installation id, skills, sessions or auth copied
    expect((await databases(seeded.path)).filter((f) => f.endsWith(".sqlite"))).toEqual(created);
    expect(seededFiles.filter((f) => !DATABASE_FILE.test(f))).toEqual(["config.toml"]);
  });

  test("seeded homes share no state: a thread of one is not listed in another", async () => {
    await using a = await createTestCodex({ script: [Reply.message("stored")] });
    const thread = await a.codex.threadStart({ cwd: a.workspace });
    expect((await thread.run("keep this")).finalResponse).toBe("stored");
    expect((await a.codex.threadList()).data.map((t) => t.id)).toEqual([thread.id]);
    await using b = await createTestCodex();
    expect((await b.codex.threadList()).data).toEqual([]);
    // and a thread started in b's home runs as usual
    b.model.enqueue(Reply.message("fresh"));
    const other = await b.codex.threadStart({ cwd: b.workspace });
    expect((await other.run("hi")).finalResponse).toBe("fresh");
    expect((await b.codex.threadList()).data.map((t) => t.id)).toEqual([other.id]);
  });
});
