import { InvalidInputError } from "@codexkit/core";
import { describeValue, isPlainObject } from "../internal/validation.js";
import { checkToolName, checkToolShape, type Tool } from "./tool.js";

/** What {@link toolset} takes. */
export interface ToolsetDefinition {
  /** The namespace name: `^[a-zA-Z0-9_-]+$`, at most 64 characters, not starting with `mcp__` (reserved by codex). */
  name: string;
  /** What the tools are for, for the model. */
  description: string;
  /** The tools in the namespace (at least one; names unique within it). */
  tools: readonly Tool[];
}

/**
 * A namespace of tools, built with {@link toolset}: the model sees one namespace tool with the tools inside,
 * and calls carry the namespace. Tools inside may use `deferLoading`.
 */
export interface Toolset {
  /** Discriminant (a {@link Tool} has `kind: "tool"`). */
  readonly kind: "toolset";
  /** The namespace name. */
  readonly name: string;
  /** The namespace description. */
  readonly description: string;
  /** The tools in the namespace. */
  readonly tools: readonly Tool[];
}

/** Either a {@link Tool} or a {@link Toolset}: what `tools` options take. */
export type ToolEntry = Tool | Toolset;

/**
 * Groups tools under a namespace. Invalid definitions throw {@link InvalidInputError} here.
 *
 * @example
 * ```ts
 * const crm = toolset({ name: "crm", description: "Customer records", tools: [findCustomer, updateCustomer] });
 * const thread = await codex.threadStart({ tools: [crm] });
 * ```
 */
export function toolset(definition: ToolsetDefinition): Toolset {
  if (!isPlainObject(definition))
    throw new InvalidInputError(`toolset() takes a definition object, got ${describeValue(definition)}`);
  checkToolsetShape(definition);
  return {
    kind: "toolset",
    name: definition.name,
    description: definition.description,
    tools: [...definition.tools],
  };
}

/**
 * Checks a toolset's name, description and tools: run by {@link toolset} and on every toolset a `tools`
 * list gets, so an object not made by `toolset()` (or changed since) is refused like a bad definition.
 */
export function checkToolsetShape(definition: ToolsetDefinition): void {
  const { name, description, tools } = definition;
  checkToolName(name, "toolset");
  if (name.startsWith("mcp__"))
    throw new InvalidInputError(
      `toolset ${name}: names starting with "mcp__" are reserved by codex for MCP servers`,
    );
  if (typeof description !== "string")
    throw new InvalidInputError(
      `toolset ${name}: description must be a string, got ${describeValue(description)}`,
    );
  if (!Array.isArray(tools) || tools.length === 0)
    throw new InvalidInputError(`toolset ${name}: tools must be a non-empty array of tool() values`);
  const seen = new Set<string>();
  for (const entry of tools as unknown[]) {
    if (!isTool(entry))
      throw new InvalidInputError(
        `toolset ${name}: every entry of tools must come from tool(), got ${describeValue(entry)}`,
      );
    checkToolShape(entry);
    if (seen.has(entry.name))
      throw new InvalidInputError(`toolset ${name}: two tools are named ${entry.name}`);
    seen.add(entry.name);
  }
}

/** Whether `value` is a {@link Tool} from `tool()`. */
export function isTool(value: unknown): value is Tool {
  return (
    isPlainObject(value) &&
    value.kind === "tool" &&
    typeof value.execute === "function" &&
    typeof value.checkArgs === "function"
  );
}

/** Whether `value` is a {@link Toolset} from `toolset()`. */
export function isToolset(value: unknown): value is Toolset {
  return isPlainObject(value) && value.kind === "toolset" && Array.isArray(value.tools);
}
