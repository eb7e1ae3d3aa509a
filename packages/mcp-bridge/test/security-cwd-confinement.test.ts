import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Reply } from "@codexkit/testing";
import { afterEach, describe, expect, test } from "vitest";
import { closeAll, startBackend, startBridge, structured, textOf } from "./support/bridge.js";

afterEach(closeAll);

describe("security: a run's cwd is confined to the allowed roots after `..` and symlinks are resolved", () => {
  test("escapes through symlinks (absolute and relative), `..` and a symlink to /, over MCP, are refused before anything starts; a symlink into the root is allowed and resolved", async () => {
    const backend = await startBackend([Reply.message("ran inside")]);
    const base = backend.home.workspace;
    const root = join(base, "repo");
    const outside = join(base, "secrets");
    mkdirSync(join(root, "src", "deep"), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(root, "file.txt"), "not a directory");
    symlinkSync(outside, join(root, "escape")); // absolute target outside
    symlinkSync("../../../secrets", join(root, "src", "deep", "up")); // relative target outside
    symlinkSync("/", join(root, "to-root"));
    symlinkSync(root, join(base, "way-in")); // outside, pointing into the root

    const bridge = await startBridge({ backend, cwd: root });
    const refused: Array<[string, RegExp]> = [
      ["escape", /cwd "escape" resolves to .*\/secrets, which is outside the allowed roots/],
      ["src/deep/up", /resolves to .*\/secrets, which is outside/],
      [join(root, "escape", "."), /outside the allowed roots/],
      ["src/../../secrets", /outside the allowed roots/],
      [`${root}/../secrets`, /outside the allowed roots/],
      ["to-root", /cwd "to-root" resolves to \/, which is outside/],
      [base, /outside the allowed roots/],
      ["file.txt", /is not a directory/],
      ["missing", /does not exist/],
    ];
    for (const [cwd, message] of refused) {
      const result = await bridge.call("codex_run", { prompt: "look around", cwd });
      expect(result.isError, cwd).toBe(true);
      expect(textOf(result), cwd).toMatch(message);
    }
    expect(bridge.model.requests).toHaveLength(0);
    expect(bridge.appServers()).toEqual([]);

    const allowed = structured<{ cwd: string; finalResponse: string }>(
      await bridge.call("codex_run", { prompt: "look around", cwd: join(base, "way-in", "src") }),
    );
    expect(allowed).toMatchObject({ cwd: join(root, "src"), finalResponse: "ran inside" });
  });

  test("continuing a thread cannot move it outside the roots through a symlinked cwd", async () => {
    const backend = await startBackend([Reply.message("first")]);
    const root = join(backend.home.workspace, "repo");
    mkdirSync(root);
    mkdirSync(join(backend.home.workspace, "elsewhere"));
    symlinkSync(join(backend.home.workspace, "elsewhere"), join(root, "hop"));
    const bridge = await startBridge({ backend, cwd: root });
    const { threadId } = structured<{ threadId: string }>(
      await bridge.call("codex_run", { prompt: "start" }),
    );
    const moved = await bridge.call("codex_run", { prompt: "continue elsewhere", threadId, cwd: "hop" });
    expect(moved.isError).toBe(true);
    expect(textOf(moved)).toMatch(/cwd "hop" resolves to .*\/elsewhere, which is outside the allowed roots/);
    expect(bridge.model.requests).toHaveLength(1);
  });
});
