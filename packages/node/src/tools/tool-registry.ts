import { type ClientParams, InvalidInputError } from "@codexkit/core";
import { describeValue } from "../internal/validation.js";
import { checkToolShape, type Tool } from "./tool.js";
import { checkToolsetShape, isTool, isToolset, type ToolEntry } from "./toolset.js";

/**
 * Names of codex's own tools. A top-level client tool with one of these names would be silently shadowed by
 * the built-in (codex accepts it at `thread/start`, then the built-in answers the model's calls), so codexkit
 * refuses them as tool and toolset names. Tools inside a toolset may use them: their calls carry the namespace.
 */
export const CODEX_BUILTIN_TOOL_NAMES: readonly string[] = Object.freeze([
  "exec_command",
  "write_stdin",
  "shell",
  "shell_command",
  "local_shell",
  "apply_patch",
  "view_image",
  "web_search",
  "image_generation",
  "request_user_input",
  "update_plan",
  "get_goal",
  "create_goal",
  "update_goal",
  "multi_agent_v1",
  "spawn_agent",
  "send_input",
  "resume_agent",
  "wait",
  "close_agent",
  "tool_search",
  "tool_suggest",
  "list_mcp_resources",
  "list_mcp_resource_templates",
  "read_mcp_resource",
  "js_repl",
  "js_repl_reset",
]);

const BUILTINS = new Set(CODEX_BUILTIN_TOOL_NAMES);

/** The `dynamicTools` field of `thread/start`. */
export type DynamicToolsWire = NonNullable<ClientParams<"thread/start">["dynamicTools"]>;

/** One thread's tools: validated, merged with the client's defaults, looked up by the call handler. */
export class ToolRegistry {
  private constructor(
    private readonly entries: readonly ToolEntry[],
    private readonly byKey: ReadonlyMap<string, Tool>,
  ) {}

  /**
   * Merges `defaults` (the client's `tools`) with `own` (the thread's; an entry with the same name replaces
   * the default) and validates the result. Throws {@link InvalidInputError} before anything is sent.
   */
  static from(
    defaults: readonly ToolEntry[] | undefined,
    own: readonly ToolEntry[] | undefined,
  ): ToolRegistry | undefined {
    const client = checkList(defaults, "tools of the Codex options");
    const thread = checkList(own, "tools");
    if (client.length + thread.length === 0) return undefined;
    const overridden = new Set(thread.map((entry) => entry.name));
    const entries = [...client.filter((entry) => !overridden.has(entry.name)), ...thread];
    const byKey = new Map<string, Tool>();
    for (const entry of entries) {
      if (isTool(entry)) {
        if (entry.deferLoading)
          throw new InvalidInputError(
            `tool ${entry.name}: deferLoading is only allowed for tools inside a toolset`,
          );
        byKey.set(keyOf(null, entry.name), entry);
      } else {
        // Inner names may equal built-ins: codex routes a namespaced call to the namespace (observed).
        for (const inner of entry.tools) byKey.set(keyOf(entry.name, inner.name), inner);
      }
    }
    return new ToolRegistry(entries, byKey);
  }

  /** The tool the model called, if this registry has it. */
  lookup(namespace: string | null, name: string): Tool | undefined {
    return this.byKey.get(keyOf(namespace, name));
  }

  /** The names the model sees, e.g. `["lookup_weather", "crm.find_customer"]`. */
  get names(): string[] {
    return [...this.byKey.keys()];
  }

  /** The `dynamicTools` of `thread/start`. */
  toWire(): DynamicToolsWire {
    return this.entries.map((entry) =>
      isTool(entry)
        ? { type: "function", ...functionSpec(entry) }
        : {
            type: "namespace",
            name: entry.name,
            description: entry.description,
            tools: entry.tools.map((inner) => ({ type: "function", ...functionSpec(inner) })),
          },
    ) as DynamicToolsWire;
  }
}

function functionSpec(entry: Tool) {
  return {
    name: entry.name,
    description: entry.description,
    inputSchema: entry.inputSchema,
    ...(entry.deferLoading ? { deferLoading: true } : {}),
  };
}

/** `crm.find` for a namespaced tool, `find` for a top-level one (names cannot contain dots). */
function keyOf(namespace: string | null, name: string): string {
  return namespace === null ? name : `${namespace}.${name}`;
}

function refuseBuiltin(name: string, what: string): void {
  if (BUILTINS.has(name)) {
    throw new InvalidInputError(
      `${what}: "${name}" is the name of a codex built-in tool, which would shadow it; choose another name`,
    );
  }
}

function checkList(list: unknown, where: string): ToolEntry[] {
  if (list === undefined) return [];
  if (!Array.isArray(list))
    throw new InvalidInputError(
      `${where} must be an array of tool() / toolset() values, got ${describeValue(list)}`,
    );
  const seen = new Set<string>();
  for (const entry of list as unknown[]) {
    if (!isTool(entry) && !isToolset(entry)) {
      throw new InvalidInputError(
        `${where}: every entry must come from tool() or toolset(), got ${describeValue(entry)}`,
      );
    }
    if (isTool(entry)) checkToolShape(entry);
    else checkToolsetShape(entry);
    refuseBuiltin(entry.name, `${entry.kind} ${entry.name}`);
    if (seen.has(entry.name))
      throw new InvalidInputError(
        `${where}: two entries are named ${entry.name} (tool and toolset names share one space)`,
      );
    seen.add(entry.name);
  }
  return list as ToolEntry[];
}
