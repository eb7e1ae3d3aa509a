import { readFileSync } from "node:fs";
import * as codexkit from "@codexkit/node";
import {
  ChatgptLoginHandle,
  Codex,
  ExecProcess,
  FsWatch,
  GoalTurnHandle,
  McpLoginHandle,
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
    execProcess: ExecProcess.prototype,
    mcpLogin: McpLoginHandle.prototype,
    handlers: HANDLER_KEYS,
    codexkit,
  };
}

/** The property descriptor of `key` on `owner` or its prototype chain. */
function descriptorOf(owner: object, key: string): PropertyDescriptor | undefined {
  for (let o: object | null = owner; o !== null; o = Object.getPrototypeOf(o)) {
    const descriptor = Object.getOwnPropertyDescriptor(o, key);
    if (descriptor) return descriptor;
  }
  return undefined;
}

/**
 * Follows `a.b.c` from its root. The leaf must be a method, a getter (not called: on a prototype it has no
 * instance), a handler key or an exported function or class; the path is `undefined` otherwise.
 */
function resolve(path: string, from: Record<string, unknown>): unknown {
  const [root, ...rest] = path.split(".");
  let value: unknown = from[root as string];
  for (const [index, key] of rest.entries()) {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return undefined;
    const descriptor = descriptorOf(value as object, key);
    if (!descriptor) return undefined;
    const leaf = index === rest.length - 1;
    if (leaf && descriptor.get) return descriptor.get;
    value = descriptor.get ? undefined : descriptor.value;
  }
  return typeof value === "function" || value === true ? value : undefined;
}

describe("the protocol coverage table", () => {
  it("names only wrappers that exist on the real classes", async () => {
    const from = roots();
    const named = kinds.flatMap((entries) => Object.values(entries).flatMap((entry) => entry.wrappers ?? []));
    expect(named.length).toBeGreaterThan(20);
    const missing = named.filter((path) => resolve(path, from) === undefined);
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
    expect(resolve("codex.fs", roots())).toBeUndefined(); // a namespace, not a method
    expect(resolve("codex.fs.readFile", roots())).toBeTypeOf("function");
    expect(resolve("execProcess.stdout", roots())).toBeTypeOf("function"); // the getter
  });
});
