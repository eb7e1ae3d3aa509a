import { InvalidInputError } from "@codexkit/core";
import { isPromiseLike } from "../internal/async.js";
import {
  isStandardSchema,
  issueLines,
  type JsonSchemaObject,
  jsonSchemaOf,
  type StandardJsonSchema,
  type StandardResult,
} from "../internal/standard-schema.js";
import { checkJsonObject, checkNumber, describeValue, isPlainObject } from "../internal/validation.js";
import { checkAgainstJsonSchema } from "./json-schema-check.js";
import type { ToolResult } from "./tool-results.js";

/** What a tool's `parameters` accepts: a zod ≥ 4.2 (Standard JSON Schema) schema, or a plain JSON Schema object. */
export type ToolParameters = StandardJsonSchema | JsonSchemaObject;

/** The arguments `execute` receives: the schema's output type, or a JSON object for a plain JSON Schema. */
export type ToolArgs<S> = S extends StandardJsonSchema<infer T> ? T : Record<string, unknown>;

/** Handed to `execute` with the arguments. */
export interface ToolContext {
  /**
   * Aborted when the answer is no longer wanted: the tool's timeout passed, the turn was interrupted or
   * aborted, the client closed or the app-server died. A result returned after that is dropped.
   */
  signal: AbortSignal;
  /** The thread the call belongs to. */
  threadId: string;
  /** The turn the call belongs to. */
  turnId: string;
  /** The model's call id (also the `dynamicToolCall` item id). */
  callId: string;
  /** The toolset (namespace) the tool was called through, or `null` for a top-level tool. */
  namespace: string | null;
}

/** What {@link tool} takes. */
export interface ToolDefinition<S extends ToolParameters = ToolParameters> {
  /** The name the model calls the tool by: `^[a-zA-Z0-9_-]+$`, at most 64 characters, not a codex built-in. */
  name: string;
  /** What the tool does, for the model. */
  description: string;
  /** The arguments' schema. Default: an object without properties. */
  parameters?: S;
  /** Runs the tool with validated arguments; see {@link ToolResult} for what it may return. Throwing fails the call. */
  execute: (args: ToolArgs<S>, context: ToolContext) => ToolResult | Promise<ToolResult>;
  /**
   * How long `execute` may take, in ms; then the call fails and `signal` aborts. Default: the client's
   * `toolTimeoutMs`. Values beyond 2147483647 (about 24.8 days, the longest timer Node.js keeps) wait that long.
   */
  timeoutMs?: number;
  /** Let the model load the tool on demand (codex's tool search). Only allowed for tools inside a {@link toolset}. */
  deferLoading?: boolean;
}

/** The result of checking a call's arguments. */
export type ToolArgsCheck =
  | {
      /** The arguments passed. */
      ok: true;
      /** The parsed arguments. */
      value: unknown;
    }
  | {
      /** The arguments failed. */
      ok: false;
      /** What was wrong, one entry per problem. */
      problems: string[];
    };

/** A tool the agent can call, built with {@link tool}; pass it in `tools` of the client or a thread. */
export interface Tool<TArgs = unknown> {
  /** Discriminant (a {@link Toolset} has `kind: "toolset"`). */
  readonly kind: "tool";
  /** The tool's name. */
  readonly name: string;
  /** The tool's description. */
  readonly description: string;
  /** The JSON Schema the model sees. */
  readonly inputSchema: JsonSchemaObject;
  /** The tool's own timeout in ms, if it has one. */
  readonly timeoutMs: number | undefined;
  /** Whether the model loads the tool on demand. */
  readonly deferLoading: boolean;
  /**
   * Checks (and parses) a call's arguments against the schema: synchronously where the schema allows (a
   * JSON Schema, a schema without async refinements), like Standard Schema's own `validate`.
   */
  checkArgs(args: unknown): ToolArgsCheck | Promise<ToolArgsCheck>;
  /** The implementation. */
  execute(args: TArgs, context: ToolContext): ToolResult | Promise<ToolResult>;
}

/** Names the model may call a tool or toolset by (codex refuses others; the Responses API allows 64 characters). */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Refuses a tool or toolset name that codex or the Responses API would refuse. */
export function checkToolName(name: unknown, what: string): asserts name is string {
  if (typeof name !== "string" || !TOOL_NAME_PATTERN.test(name)) {
    throw new InvalidInputError(
      `${what} name must match ^[a-zA-Z0-9_-]+$ and be at most 64 characters, got ${describeValue(name)}`,
    );
  }
}

/**
 * Checks what the model will see of a tool value: run on every tool a `tools` list or a toolset gets, so
 * an object not made by {@link tool} (or changed since) is refused like a bad definition.
 */
export function checkToolShape(value: Tool): void {
  checkToolName(value.name, "tool");
  if (typeof value.description !== "string")
    throw new InvalidInputError(
      `tool ${value.name}: description must be a string, got ${describeValue(value.description)}`,
    );
  if (!isPlainObject(value.inputSchema))
    throw new InvalidInputError(
      `tool ${value.name}: inputSchema must be a JSON Schema object, got ${describeValue(value.inputSchema)}`,
    );
  if (typeof value.deferLoading !== "boolean")
    throw new InvalidInputError(
      `tool ${value.name}: deferLoading must be a boolean, got ${describeValue(value.deferLoading)}`,
    );
}

/**
 * Defines a tool the agent can call. `execute`'s arguments are typed from `parameters` and validated
 * against it before `execute` runs (zod: its full parse; a plain JSON Schema: the top-level check
 * described in the README). Invalid definitions throw {@link InvalidInputError} here.
 *
 * @example
 * ```ts
 * const weather = tool({
 *   name: "lookup_weather",
 *   description: "Current weather for a city",
 *   parameters: z.object({ city: z.string() }),
 *   execute: async ({ city }, { signal }) => `18°C in ${city}`,
 * });
 * ```
 */
export function tool<S extends ToolParameters = JsonSchemaObject>(
  definition: ToolDefinition<S>,
): Tool<ToolArgs<S>> {
  if (!isPlainObject(definition))
    throw new InvalidInputError(`tool() takes a definition object, got ${describeValue(definition)}`);
  const { name, description, parameters, execute, timeoutMs, deferLoading } = definition;
  checkToolName(name, "tool");
  if (typeof description !== "string")
    throw new InvalidInputError(
      `tool ${name}: description must be a string, got ${describeValue(description)}`,
    );
  if (typeof execute !== "function")
    throw new InvalidInputError(`tool ${name}: execute must be a function, got ${describeValue(execute)}`);
  checkNumber(timeoutMs, `tool ${name}: timeoutMs`, 0, true);
  if (deferLoading !== undefined && typeof deferLoading !== "boolean")
    throw new InvalidInputError(
      `tool ${name}: deferLoading must be a boolean, got ${describeValue(deferLoading)}`,
    );
  const { inputSchema, checkArgs } = resolveParameters(parameters, name);
  return {
    kind: "tool",
    name,
    description,
    inputSchema,
    timeoutMs,
    deferLoading: deferLoading ?? false,
    checkArgs,
    execute: execute as Tool<ToolArgs<S>>["execute"],
  };
}

function resolveParameters(
  parameters: ToolParameters | undefined,
  name: string,
): Pick<Tool, "inputSchema" | "checkArgs"> {
  if (parameters === undefined) {
    const inputSchema = { type: "object", properties: {} };
    return { inputSchema, checkArgs: (args) => plainCheck(inputSchema, args) };
  }
  if (typeof parameters !== "object" || parameters === null || Array.isArray(parameters)) {
    throw new InvalidInputError(
      `tool ${name}: parameters must be a zod schema or a JSON Schema object, got ${describeValue(parameters)}`,
    );
  }
  if (!isStandardSchema(parameters)) {
    checkJsonObject(parameters, `tool ${name}: parameters`);
    checkObjectType(parameters, name);
    return { inputSchema: parameters, checkArgs: (args) => plainCheck(parameters, args) };
  }
  const standard = parameters["~standard"];
  const inputSchema = jsonSchemaOf(parameters, "input", `tool ${name}: parameters`);
  checkObjectType(inputSchema, name);
  return {
    inputSchema,
    checkArgs: (args) => {
      const result = standard.validate(args);
      return isPromiseLike(result) ? Promise.resolve(result).then(standardCheck) : standardCheck(result);
    },
  };
}

/**
 * A tool is called with a JSON object of named arguments (the Responses API requires `type: "object"` for
 * function parameters; codex passes the schema through unchecked), so a schema of another type is refused.
 */
function checkObjectType(schema: JsonSchemaObject, name: string): void {
  if (schema.type !== undefined && schema.type !== "object") {
    throw new InvalidInputError(
      `tool ${name}: parameters must describe an object of named arguments (type "object"), got type ${JSON.stringify(schema.type)}`,
    );
  }
}

function standardCheck(result: StandardResult<unknown>): ToolArgsCheck {
  return result.issues
    ? { ok: false, problems: issueLines(result.issues) }
    : { ok: true, value: result.value };
}

function plainCheck(schema: JsonSchemaObject, args: unknown): ToolArgsCheck {
  const problems = checkAgainstJsonSchema(schema, args);
  return problems.length === 0 ? { ok: true, value: args } : { ok: false, problems };
}
