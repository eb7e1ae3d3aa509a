import { InvalidInputError } from "@codexkit/core";

/**
 * Standard Schema and Standard JSON Schema (the interfaces zod ≥ 4.2 and other libraries implement), as
 * `outputSchema` and tool `parameters` accept them: the types, declared here so that no zod import is needed,
 * and the helpers both use.
 *
 * @module
 */

/**
 * A schema that can describe itself as JSON Schema and validate values: the Standard Schema + Standard
 * JSON Schema interfaces implemented by zod ≥ 4.2 (and other libraries). No zod import is needed.
 */
export interface StandardJsonSchema<TOutput = unknown> {
  /** The Standard Schema properties. */
  readonly "~standard": {
    /** Standard Schema version. */
    readonly version: 1;
    /** The library, e.g. `zod`. */
    readonly vendor: string;
    /** Validates a value; returns it (typed) or the issues found. */
    readonly validate: (value: unknown) => StandardResult<TOutput> | Promise<StandardResult<TOutput>>;
    /** Standard JSON Schema: converts the schema to JSON Schema. */
    readonly jsonSchema?: {
      /** The JSON Schema of the schema's output, for a target dialect. */
      readonly output: (options: { target: string }) => Record<string, unknown>;
      /** The JSON Schema of the schema's input (what a tool's arguments must look like), for a target dialect. */
      readonly input?: (options: { target: string }) => Record<string, unknown>;
    };
    /** Type-level only: carries the output type. */
    readonly types?:
      | {
          /** The output type. */
          readonly output: TOutput;
        }
      | undefined;
  };
}

/** The result of a Standard Schema `validate` call: the value, or the issues found. */
export type StandardResult<T> =
  | {
      /** The validated value. */
      readonly value: T;
      /** No issues on success. */
      readonly issues?: undefined;
    }
  | {
      /** What failed validation. */
      readonly issues: ReadonlyArray<{
        /** What is wrong. */
        readonly message: string;
        /** Where in the value. */
        readonly path?: ReadonlyArray<unknown>;
      }>;
    };

/** A JSON Schema object (sent to the model as-is). */
export type JsonSchemaObject = Record<string, unknown>;

/** Whether `schema` is a Standard Schema (has `~standard`), as opposed to a plain JSON Schema object. */
export function isStandardSchema(schema: unknown): schema is StandardJsonSchema {
  return typeof schema === "object" && schema !== null && "~standard" in schema;
}

/**
 * The JSON Schema (draft 2020-12, without `$schema`) of a Standard JSON Schema's `input` or `output`.
 * Throws {@link InvalidInputError} naming `what` when the library cannot produce one, or the schema holds
 * a type JSON Schema cannot represent (zod: `z.date()`, `z.bigint()`, `z.custom()`, …).
 */
export function jsonSchemaOf(
  schema: StandardJsonSchema,
  side: "input" | "output",
  what: string,
): JsonSchemaObject {
  const standard = schema["~standard"];
  const convert =
    side === "input"
      ? (standard.jsonSchema?.input ?? standard.jsonSchema?.output)
      : standard.jsonSchema?.output;
  if (!convert) {
    throw new InvalidInputError(
      `${what} (${standard.vendor}) cannot produce JSON Schema; use zod >= 4.2 or pass a JSON Schema object`,
    );
  }
  let converted: Record<string, unknown>;
  try {
    converted = convert({ target: "draft-2020-12" });
  } catch (error) {
    throw new InvalidInputError(
      `${what} cannot be converted to JSON Schema: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const { $schema: _ignored, ...jsonSchema } = converted;
  return jsonSchema;
}

/** A failed validation's issues as `path: message` lines (`(root)` for the value itself). */
export function issueLines(
  issues: Extract<StandardResult<unknown>, { issues: unknown }>["issues"],
): string[] {
  return issues.map((issue) => `${(issue.path ?? []).map(pathKey).join(".") || "(root)"}: ${issue.message}`);
}

/** A path segment is a property key or a `{ key }` object (Standard Schema allows both). */
function pathKey(segment: unknown): string {
  return typeof segment === "object" && segment !== null && "key" in segment
    ? String(segment.key)
    : String(segment);
}
