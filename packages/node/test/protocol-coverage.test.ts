import { readFileSync } from "node:fs";
import * as codexkit from "@codexkit/node";
import {
  ChatgptLoginHandle,
  Codex,
  FsWatch,
  GoalTurnHandle,
  type RequestHandlers,
  Thread,
  TurnHandle,
} from "@codexkit/node";
import { describe, expect, it } from "vitest";

type Entry = { wrappers?: string[]; raw?: string; internal?: string };
type Table = Record<"clientMethods" | "serverRequests" | "notifications", Record<string, Entry>>;

const table = JSON.parse(
  readFileSync(new URL("../protocol-coverage.json", import.meta.url), "utf8"),
) as Table;
const kinds = [table.clientMethods, table.serverRequests, table.notifications];

/** Every handler key of `RequestHandlers` (the compiler keeps this list complete and correct). */
const HANDLER_KEYS = {
  onApproval: true,
  onUserInput: true,
  onElicitation: true,
} satisfies Record<keyof Required<RequestHandlers>, true>;

/** What each wrapper root of docs/protocol-coverage.md stands for. */
function roots(): Record<string, unknown> {
  return {
    codex: new Codex(),
    thread: Thread.prototype,
    turn: TurnHandle.prototype,
    goal: GoalTurnHandle.prototype,
    chatgptLogin: ChatgptLoginHandle.prototype,
    fsWatch: FsWatch.prototype,
    handlers: HANDLER_KEYS,
    codexkit,
  };
}

/** Follows `a.b.c` from its root; the leaf must be a function (or a getter, a handler key, an export). */
function resolve(path: string, from: Record<string, unknown>): unknown {
  const [root, ...rest] = path.split(".");
  let value: unknown = from[root as string];
  if (value === undefined) return undefined;
  for (const key of rest) {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return undefined;
    const owner = value as Record<string, unknown>;
    if (!(key in owner)) return undefined;
    value = owner[key];
  }
  return value;
}

describe("the protocol coverage table", () => {
  it("names only wrappers that exist on the real classes", async () => {
    const from = roots();
    const named = kinds.flatMap((entries) => Object.values(entries).flatMap((entry) => entry.wrappers ?? []));
    expect(named.length).toBeGreaterThan(20);
    const missing = named.filter((path) => {
      const value = resolve(path, from);
      return value === undefined || (typeof value !== "function" && value !== true);
    });
    expect(missing).toEqual([]);
    await (from.codex as Codex).close();
  });

  it("gives every raw or internal entry a reason", () => {
    for (const entries of kinds) {
      for (const [method, entry] of Object.entries(entries)) {
        const reason = entry.raw ?? entry.internal;
        if (entry.wrappers) expect(reason, method).toBeUndefined();
        else expect(reason?.length ?? 0, method).toBeGreaterThan(10);
      }
    }
  });

  it("resolves a path that does not exist to nothing (the check can fail)", () => {
    expect(resolve("codex.noSuchMethod", roots())).toBeUndefined();
    expect(resolve("nobody.run", roots())).toBeUndefined();
  });
});
