import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Codex, InvalidInputError } from "@codexkit/node";
import { createTestCodex } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

const MISSING = "/definitely/not/here/codexkit-cwd";

describe("a cwd that does not exist is refused before anything is sent", () => {
  it("by threadStart, threadResume, threadFork and turns, with InvalidInputError; nothing reaches the server", async () => {
    await using t = await createTestCodex();
    const file = join(t.workspace, "a-file.txt");
    await writeFile(file, "not a directory");

    await expect(t.codex.threadStart({ cwd: MISSING })).rejects.toThrow(
      new InvalidInputError(`cwd "${MISSING}" does not exist`),
    );
    await expect(t.codex.threadStart({ cwd: file })).rejects.toThrow(
      /cwd ".*a-file\.txt" is not a directory/,
    );
    await expect(t.codex.threadResume("some-thread-id", { cwd: MISSING })).rejects.toThrow(InvalidInputError);
    await expect(t.codex.threadFork("some-thread-id", { cwd: MISSING })).rejects.toThrow(InvalidInputError);
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    // only the good thread was started
    expect((await t.codex.request("thread/loaded/list", {})).data).toEqual([thread.id]);
    await expect(thread.run("hello", { cwd: MISSING })).rejects.toThrow(
      new InvalidInputError(`cwd "${MISSING}" does not exist`),
    );
    expect(t.model.requests).toHaveLength(0);
  });

  it("as the Codex option: start() rejects and spawns nothing", async () => {
    await using codex = new Codex({ cwd: MISSING });
    await expect(codex.start()).rejects.toThrow(
      new InvalidInputError(`Codex option cwd "${MISSING}" does not exist`),
    );
    expect(codex.pid).toBeUndefined();
  });
});
