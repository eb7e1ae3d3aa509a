import {
  CODEX_BUILTIN_TOOL_NAMES,
  Codex,
  InvalidInputError,
  isToolFailure,
  type Tool,
  type Toolset,
  tool,
  toolFailure,
  toolset,
} from "@codexkit/node";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const noop = () => "ok";
const plain = (name: string, extra: Partial<Parameters<typeof tool>[0]> = {}): Tool =>
  tool({ name, description: "d", execute: noop, ...extra });
/** A client whose binary does not exist: anything that got as far as spawning would fail differently. */
const unstartable = (options: ConstructorParameters<typeof Codex>[0] = {}) =>
  new Codex({ codexPath: "/nonexistent/codex-binary", ...options });

describe("tool definitions are validated before anything is sent", () => {
  it("refuses names codex or the Responses API would refuse", () => {
    for (const name of ["a.b", "has space", "", "x".repeat(65), 42]) {
      expect(() => tool({ name: name as string, description: "d", execute: noop })).toThrow(
        InvalidInputError,
      );
    }
    expect(() => plain("x".repeat(64))).not.toThrow();
    expect(() => toolset({ name: "mcp__mine", description: "d", tools: [plain("a")] })).toThrow(
      /reserved by codex/,
    );
  });

  it("refuses malformed definitions with a message that names the field", () => {
    expect(() => tool({ name: "t", description: 3 as unknown as string, execute: noop })).toThrow(
      /t: description must be a string/,
    );
    expect(() => tool({ name: "t", description: "d", execute: "no" as unknown as () => string })).toThrow(
      /execute must be a function/,
    );
    expect(() => plain("t", { timeoutMs: 0 })).toThrow(/t: timeoutMs must be a finite number > 0/);
    expect(() => plain("t", { parameters: "schema" as unknown as Record<string, unknown> })).toThrow(
      /parameters must be a zod schema or a JSON Schema object/,
    );
    expect(() => plain("t", { parameters: { type: "object", default: 1n } })).toThrow(
      /t: parameters cannot be sent as JSON/,
    );
    for (const [parameters, kind] of [
      [z.object({ when: z.date() }), "Date"],
      [z.object({ n: z.bigint() }), "BigInt"],
    ] as const) {
      expect(() => plain("t", { parameters })).toThrow(InvalidInputError);
      expect(() => plain("t", { parameters })).toThrow(
        new RegExp(`t: parameters cannot be converted to JSON Schema: ${kind} cannot be represented`),
      );
    }
    for (const parameters of [
      { type: "string" },
      { type: ["array", "null"] },
      z.string(),
      z.array(z.number()),
    ]) {
      expect(() => plain("t", { parameters })).toThrow(
        /t: parameters must describe an object of named arguments \(type "object"\), got type /,
      );
    }
    expect(() => toolset({ name: "ns", description: "d", tools: [] })).toThrow(/non-empty array/);
    expect(() => toolset({ name: "ns", description: "d", tools: [plain("a"), plain("a")] })).toThrow(
      /two tools are named a/,
    );
    expect(() =>
      toolset({ name: "ns", description: "d", tools: [{ name: "fake" } as unknown as Tool] }),
    ).toThrow(/must come from tool\(\)/);
  });

  it("derives the JSON Schema from zod and validates with it", async () => {
    const t = tool({
      name: "t",
      description: "d",
      parameters: z.object({ n: z.number().min(1) }),
      execute: ({ n }) => `${n + 1}`,
    });
    expect(t.inputSchema).toMatchObject({
      type: "object",
      properties: { n: { type: "number", minimum: 1 } },
      required: ["n"],
    });
    expect(t.inputSchema).not.toHaveProperty("$schema");
    expect(await t.checkArgs({ n: 2 })).toEqual({ ok: true, value: { n: 2 } });
    expect(await t.checkArgs({ n: 0 })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^n: /)],
    });
  });

  it("checks a plain JSON Schema's top level: object, required, property types, enums, additionalProperties", async () => {
    const t = plain("t", {
      parameters: {
        type: "object",
        properties: {
          id: { type: "integer" },
          mode: { enum: ["a", "b"] },
          tags: { type: ["array", "null"] },
        },
        required: ["id"],
        additionalProperties: false,
      },
    });
    expect(await t.checkArgs({ id: 1, mode: "a", tags: null })).toMatchObject({ ok: true });
    expect(await t.checkArgs([1])).toEqual({
      ok: false,
      problems: ["(root): expected an object, got array"],
    });
    expect(await t.checkArgs({ id: 1.5, mode: "c", tags: "x", extra: 1 })).toEqual({
      ok: false,
      problems: [
        "id: expected integer, got number",
        'mode: expected one of "a", "b"',
        "tags: expected array or null, got string",
        "extra: unknown property",
      ],
    });
    expect(await t.checkArgs({})).toEqual({ ok: false, problems: ["id: required"] });
  });

  it("toolFailure marks its message as a failure once", () => {
    expect(toolFailure("nope")).toEqual({ success: false, message: "Tool call failed: nope" });
    expect(toolFailure("Tool call failed: nope").message).toBe("Tool call failed: nope");
    expect(isToolFailure({ success: false, message: "m" })).toBe(true);
    expect(isToolFailure({ success: false })).toBe(false);
  });
});

describe("tool lists are validated by Codex before the app-server is started", () => {
  it("refuses built-in names, duplicates, top-level deferLoading and experimentalApi: false", async () => {
    const codex = unstartable();
    for (const name of ["exec_command", "apply_patch", "web_search", "request_user_input", "tool_search"]) {
      expect(CODEX_BUILTIN_TOOL_NAMES).toContain(name);
      await expect(codex.threadStart({ tools: [plain(name)] })).rejects.toThrow(/codex built-in tool/);
      await expect(
        codex.threadStart({ tools: [toolset({ name, description: "d", tools: [plain("x")] })] }),
      ).rejects.toThrow(/codex built-in tool/);
    }
    await expect(codex.threadStart({ tools: [plain("a"), plain("a")] })).rejects.toThrow(
      /two entries are named a/,
    );
    await expect(
      codex.threadStart({
        tools: [plain("crm"), toolset({ name: "crm", description: "d", tools: [plain("x")] })],
      }),
    ).rejects.toThrow(/share one space/);
    await expect(codex.threadStart({ tools: [plain("lazy", { deferLoading: true })] })).rejects.toThrow(
      /deferLoading is only allowed for tools inside a toolset/,
    );
    await expect(codex.threadResume("t-1", { tools: [{} as Tool] })).rejects.toThrow(
      /must come from tool\(\) or toolset\(\)/,
    );
    // Values not made by tool() / toolset(), or changed since, get the same checks.
    const handMade = (name: string, tools: unknown[]) =>
      ({ kind: "toolset", name, description: "d", tools }) as unknown as Toolset;
    await expect(codex.threadStart({ tools: [handMade("has space", [plain("a")])] })).rejects.toThrow(
      /toolset name must match/,
    );
    await expect(codex.threadStart({ tools: [handMade("ns", [{}])] })).rejects.toThrow(
      /toolset ns: every entry of tools must come from tool\(\)/,
    );
    await expect(codex.threadStart({ tools: [handMade("ns", [plain("a"), plain("a")])] })).rejects.toThrow(
      /toolset ns: two tools are named a/,
    );
    const renamed = plain("fine");
    (renamed as { name: string }).name = "not fine";
    await expect(codex.threadStart({ tools: [renamed] })).rejects.toThrow(/tool name must match/);
    const lazy = { ...plain("lazy"), deferLoading: "yes" } as unknown as Tool;
    await expect(codex.threadStart({ tools: [handMade("ns", [lazy])] })).rejects.toThrow(
      /tool lazy: deferLoading must be a boolean/,
    );
    await expect(codex.threadStart({ tools: [handMade("ns", [renamed])] })).rejects.toThrow(
      /tool name must match/,
    );
    expect(() => unstartable({ experimentalApi: false, tools: [plain("a")] })).toThrow(/experimental API/);
    await expect(
      unstartable({ experimentalApi: false }).threadStart({ tools: [plain("a")] }),
    ).rejects.toThrow(/experimental API/);
    expect(() => unstartable({ toolTimeoutMs: -1 })).toThrow(/toolTimeoutMs must be a finite number > 0/);
    expect(() => unstartable({ tools: "weather" as unknown as Tool[] })).toThrow(InvalidInputError);
    expect(codex.pid).toBeUndefined();
  });

  it("allows a deferred tool inside a toolset, the same inner name in two toolsets, built-in inner names", async () => {
    const codex = unstartable();
    const a = toolset({
      name: "a",
      description: "d",
      tools: [plain("find", { deferLoading: true }), plain("exec_command")],
    });
    const b = toolset({ name: "b", description: "d", tools: [plain("find")] });
    // validation passes, so the call gets as far as starting the (missing) binary
    await expect(codex.threadStart({ tools: [a, b, plain("find")] })).rejects.not.toBeInstanceOf(
      InvalidInputError,
    );
  });
});
