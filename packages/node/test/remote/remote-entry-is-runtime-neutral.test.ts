import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createCodexHome, Reply, ScriptedModel, startAppServerListener } from "@codexkit/testing";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";

const PKG = join(import.meta.dirname, "..", "..");
const builtins = new Set(builtinModules.flatMap((name) => [name, name.split("/")[0]!]));
/** Imports the remote path must never reach: Node builtins, `ws`, vscode-jsonrpc's Node runtime. */
const forbidden = (specifier: string) =>
  specifier.startsWith("node:") ||
  builtins.has(specifier) ||
  builtins.has(specifier.split("/")[0]!) ||
  specifier === "ws" ||
  specifier.startsWith("vscode-jsonrpc/node");

function specifiersOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName);
}

/** Every file reachable from `entry` through relative imports, with the external specifiers each one imports. */
function graph(
  entry: string,
  resolveRelative: (from: string, specifier: string) => string,
): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const specifiers = specifiersOf(file);
    seen.set(
      file,
      specifiers.filter((s) => !s.startsWith(".")),
    );
    for (const s of specifiers) if (s.startsWith(".")) visit(resolveRelative(file, s));
  };
  visit(entry);
  return seen;
}

function offenders(files: Map<string, string[]>): string[] {
  return [...files].flatMap(([file, external]) =>
    external.filter(forbidden).map((s) => `${relative(PKG, file)}: ${s}`),
  );
}

describe("@codexkit/node/remote stays runtime-neutral", () => {
  it("no source file reachable from src/remote.ts imports a node builtin, ws or vscode-jsonrpc/node", () => {
    const files = graph(join(PKG, "src", "remote.ts"), (from, s) =>
      resolve(dirname(from), s.replace(/\.js$/, ".ts")),
    );
    expect(files.size).toBeGreaterThan(15);
    expect([...files.keys()].some((f) => f.endsWith("session.ts"))).toBe(true);
    expect(offenders(files)).toEqual([]);
  });

  it("the built dist/remote.js and the chunks it loads import none of them either", () => {
    const entry = join(PKG, "dist", "remote.js");
    expect(existsSync(entry)).toBe(true);
    const files = graph(entry, (from, s) => resolve(dirname(from), s));
    expect(offenders(files)).toEqual([]);
    // while the Node entry does load them (so the check above can see them)
    const node = graph(join(PKG, "dist", "index.js"), (from, s) => resolve(dirname(from), s));
    expect(offenders(node)).toEqual(
      expect.arrayContaining([expect.stringMatching(/: (node:)?child_process$/)]),
    );
  });

  it("the built remote entry exports everything the Node entry does, but what needs a local process", async () => {
    const load = (file: string) => import(pathToFileURL(join(PKG, "dist", file)).href);
    const [node, remote] = (await Promise.all([load("index.js"), load("remote.js")])) as Record<
      string,
      unknown
    >[];
    const nodeOnly = ["AppServerProcess", "CodexBinaryNotFoundError", "CodexPool", "CodexPoolMember"];
    nodeOnly.push("ProcessTransport", "resolveCodexBinary");
    expect(Object.keys(node!).filter((name) => !(name in remote!))).toEqual(nodeOnly.sort());
    // what the shared list re-exports from core comes through both, as the same objects
    expect(remote!.TransportClosedError).toBe(node!.TransportClosedError);
    expect(remote!.NotLoggedInError).toBe(node!.NotLoggedInError);
  });

  it("the remote entry's Codex connects over ws and refuses what needs a local process", async () => {
    const remote = await import("@codexkit/node/remote");
    expect(remote.Codex).toBe(remote.CodexClient);
    const codex = new remote.Codex();
    await expect(codex.start()).rejects.toThrow(
      /runtime-neutral client \(@codexkit\/node\/remote\) cannot open/,
    );
    const unix = new remote.Codex({ url: "unix:///tmp/none.sock" });
    await expect(unix.start()).rejects.toBeInstanceOf(remote.InvalidInputError);
    if (!("WebSocket" in globalThis)) {
      const none = new remote.Codex({ url: "ws://127.0.0.1:9" });
      await expect(none.start()).rejects.toThrow(/no global WebSocket; pass one/);
    }

    // with an injected WebSocket constructor (Node 20 has no global one), a turn runs over a real server
    await using model = await ScriptedModel.start({ script: [Reply.message("remote entry")] });
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    await using server = await startAppServerListener({ home });
    await using client = new remote.Codex({ url: server.url, token: server.token as string, WebSocket });
    const thread = await client.threadStart({ cwd: home.workspace });
    expect((await thread.run("hi")).finalResponse).toBe("remote entry");
  });
});
