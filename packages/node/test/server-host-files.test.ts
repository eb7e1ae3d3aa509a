import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  AbortError,
  Codex,
  type FsChange,
  FsError,
  InvalidInputError,
  TransportClosedError,
} from "@codexkit/node";
import { createTestCodex, type TestCodex } from "@codexkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The next change `watch` reports whose paths include `path`. */
async function nextChangeOf(watch: AsyncIterable<FsChange>, path: string): Promise<FsChange> {
  for await (const change of watch) if (change.changedPaths.includes(path)) return change;
  throw new Error(`the watch ended before ${path} changed`);
}

describe.each(["stdio", "websocket"] as const)(
  "codex.fs over %s: files on the app-server's host",
  (transport) => {
    let t: TestCodex;
    let dir: string;
    let n = 0;
    /** A fresh directory per test, under the server's workspace. */
    const scratch = async () => {
      const path = join(dir, `case-${++n}`);
      await t.codex.fs.createDirectory(path);
      return path;
    };

    beforeAll(async () => {
      t = await createTestCodex({ transport });
      dir = t.workspace;
    });
    afterAll(() => t?.dispose());

    it("writeFile then readFile round-trips text as UTF-8 and every byte value, large files included", async () => {
      const root = await scratch();
      const text = join(root, "hello.txt");
      await t.codex.fs.writeFile(text, "héllo wörld ✓\n");
      expect(readFileSync(text, "utf8")).toBe("héllo wörld ✓\n");
      expect(await t.codex.fs.readTextFile(text)).toBe("héllo wörld ✓\n");
      expect(Array.from(await t.codex.fs.readFile(text))).toEqual(Array.from(Buffer.from("héllo wörld ✓\n")));

      const binary = join(root, "data.bin");
      const bytes = new Uint8Array(300_000).map((_, i) => (i * 7 + (i >> 8)) % 256);
      await t.codex.fs.writeFile(binary, bytes);
      expect(Buffer.compare(readFileSync(binary), Buffer.from(bytes))).toBe(0);
      const back = await t.codex.fs.readFile(binary);
      expect(back).toBeInstanceOf(Uint8Array);
      expect(Buffer.compare(Buffer.from(back), Buffer.from(bytes))).toBe(0);

      await t.codex.fs.writeFile(text, new Uint8Array());
      expect(readFileSync(text).length).toBe(0);
    });

    it("readDirectory, getMetadata, exists, createDirectory, copy and remove act on the server's disk", async () => {
      const root = await scratch();
      await t.codex.fs.createDirectory(join(root, "a", "b", "c"));
      await t.codex.fs.writeFile(join(root, "a", "file.txt"), "x");
      const entries = await t.codex.fs.readDirectory(join(root, "a"));
      expect(entries.sort((x, y) => x.fileName.localeCompare(y.fileName))).toEqual([
        { fileName: "b", isDirectory: true, isFile: false },
        { fileName: "file.txt", isDirectory: false, isFile: true },
      ]);
      const meta = await t.codex.fs.getMetadata(join(root, "a", "file.txt"));
      expect(meta).toMatchObject({ isFile: true, isDirectory: false, isSymlink: false });
      expect(meta.modifiedAtMs).toBeGreaterThan(Date.now() - 600_000);
      expect(await t.codex.fs.exists(join(root, "a", "b"))).toBe(true);
      expect(await t.codex.fs.exists(join(root, "nothing"))).toBe(false);

      await t.codex.fs.copy(join(root, "a", "file.txt"), join(root, "copy.txt"));
      expect(readFileSync(join(root, "copy.txt"), "utf8")).toBe("x");
      await t.codex.fs.copy(join(root, "a"), join(root, "a2"), { recursive: true });
      expect(readFileSync(join(root, "a2", "file.txt"), "utf8")).toBe("x");
      expect(existsSync(join(root, "a2", "b", "c"))).toBe(true);

      await t.codex.fs.remove(join(root, "a2"));
      expect(existsSync(join(root, "a2"))).toBe(false);
      await t.codex.fs.remove(join(root, "never-existed")); // force by default
    });

    it("the server's refusals reject with FsError, naming the path and the OS error", async () => {
      const root = await scratch();
      const missing = join(root, "missing.txt");
      const notFound = (await t.codex.fs.readFile(missing).catch((e: unknown) => e)) as FsError;
      expect(notFound).toBeInstanceOf(FsError);
      expect(notFound).toMatchObject({ path: missing, osCode: "ENOENT", method: "fs/readFile" });
      expect(notFound.message).toContain(missing);

      await t.codex.fs.writeFile(join(root, "f"), "1");
      await expect(t.codex.fs.readDirectory(join(root, "f"))).rejects.toMatchObject({ osCode: "ENOTDIR" });
      await expect(
        t.codex.fs.createDirectory(join(root, "x", "y"), { recursive: false }),
      ).rejects.toMatchObject({ osCode: "ENOENT", path: join(root, "x", "y") });
      await expect(t.codex.fs.remove(missing, { force: false })).rejects.toMatchObject({ osCode: "ENOENT" });
      await t.codex.fs.createDirectory(join(root, "full", "inner"));
      await expect(t.codex.fs.remove(join(root, "full"), { recursive: false })).rejects.toMatchObject({
        osCode: "ENOTEMPTY",
      });
      // a directory copy needs recursive: codex refuses it (-32600) without an OS error
      const copyDir = (await t.codex.fs
        .copy(join(root, "full"), join(root, "full2"))
        .catch((e: unknown) => e)) as FsError;
      expect(copyDir).toBeInstanceOf(FsError);
      expect(copyDir).toMatchObject({ code: "invalid_request", osCode: undefined, path: join(root, "full") });
    });

    it("watch reports changes until the loop is left, and leaving it unwatches", async () => {
      const root = await scratch();
      const watch = await t.codex.fs.watch(root);
      expect(watch.path).toBe(root);
      expect(watch.watchId).toMatch(/^codexkit-watch-/);
      const seen: string[] = [];
      t.codex.onNotification((note) => {
        if (note.method === "fs/changed") seen.push(note.params.watchId);
      });
      const first = join(root, "first.txt");
      const changed = nextChangeOf(watch, first); // leaves the loop (return): unwatches
      writeFileSync(first, "1");
      expect((await changed).watchId).toBe(watch.watchId);

      // After the first watch was left, a second watch on the same directory sees a new change; had the
      // first one still been active, codex would have reported the same change to it as well.
      const countBefore = seen.filter((id) => id === watch.watchId).length;
      const second = await t.codex.fs.watch(root);
      const after = join(root, "after.txt");
      const secondSaw = nextChangeOf(second, after);
      writeFileSync(after, "2");
      expect((await secondSaw).changedPaths).toContain(after);
      expect(seen.filter((id) => id === watch.watchId).length).toBe(countBefore);
      expect(seen).toContain(second.watchId);
    });

    it("aborting the watch's signal ends the loop with AbortError; a path that does not exist yet can be watched", async () => {
      const root = await scratch();
      const controller = new AbortController();
      const later = join(root, "later");
      const watch = await t.codex.fs.watch(later, { signal: controller.signal });
      const loop = (async () => {
        for await (const _ of watch) {
          // nothing changes
        }
      })();
      controller.abort();
      await expect(loop).rejects.toBeInstanceOf(AbortError);
      await expect(t.codex.fs.watch(root, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    });

    it("refuses bad arguments with InvalidInputError before connecting", async () => {
      const codex = new Codex({ codexPath: "/nonexistent/codex" }); // would fail to start if it tried
      const refusals = [
        codex.fs.readFile("relative/path.txt"),
        codex.fs.readFile(""),
        codex.fs.readFile(42 as unknown as string),
        codex.fs.writeFile("/tmp/x", 42 as unknown as string),
        codex.fs.writeFile("/tmp/x", "ok", { signal: "no" as unknown as AbortSignal }),
        codex.fs.remove("/tmp/x", { recursive: "yes" as unknown as boolean }),
        codex.fs.copy("/tmp/a", "b"),
        codex.fs.watch("./here"),
        codex.fs.createDirectory("/tmp/x", [] as unknown as object),
      ];
      for (const refusal of refusals) await expect(refusal).rejects.toBeInstanceOf(InvalidInputError);
      await expect(codex.fs.readFile("rel.txt")).rejects.toThrow(/absolute path on the app-server's host/);
      expect(codex.transport).toBeUndefined();
      await codex.close();
    });
  },
);

describe("codex.fs watch and the connection", () => {
  it("a watch ends with the close error when the client closes", async () => {
    await using t = await createTestCodex();
    const watch = await t.codex.fs.watch(t.workspace);
    const loop = (async () => {
      for await (const _ of watch) {
        // nothing changes
      }
    })().catch((error: unknown) => error);
    await t.codex.close();
    expect(await loop).toBeInstanceOf(TransportClosedError);
  });
});
