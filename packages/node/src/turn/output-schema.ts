import { InvalidInputError } from "@codexkit/core";
import { OutputValidationError } from "../client/errors.js";
import { isStandardSchema, issueLines, jsonSchemaOf } from "../internal/standard-schema.js";

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

/** What `outputSchema` accepts: a JSON Schema object, or a zod (Standard JSON Schema) schema that also types `output`. */
export type OutputSchema = JsonSchemaObject | StandardJsonSchema;

/** The parsed output type an {@link OutputSchema} yields. */
export type OutputOf<S> =
  S extends StandardJsonSchema<infer T> ? T : S extends JsonSchemaObject ? unknown : undefined;

/** A resolved output schema: the JSON Schema for the wire and a parser for the final response. */
export interface ResolvedOutputSchema {
  jsonSchema: JsonSchemaObject;
  parse: (finalResponse: string) => Promise<unknown>;
}

/** Validates `schema` and prepares it; throws {@link InvalidInputError} before anything is sent. */
export function resolveOutputSchema(schema: OutputSchema | undefined): ResolvedOutputSchema | undefined {
  if (schema === undefined) return undefined;
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new InvalidInputError(
      `outputSchema must be a JSON Schema object or a zod schema, got ${schema === null ? "null" : typeof schema}`,
    );
  }
  const parseJson = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new OutputValidationError(
        `the final response is not valid JSON: ${(error as Error).message}`,
        text,
      );
    }
  };
  if (!isStandardSchema(schema)) {
    return { jsonSchema: schema, parse: async (text) => parseJson(text) };
  }
  const standard = schema["~standard"];
  return {
    jsonSchema: jsonSchemaOf(schema, "output", "outputSchema"),
    parse: async (text) => {
      const result = await standard.validate(parseJson(text));
      if (result.issues) {
        const detail = issueLines(result.issues).join("; ");
        throw new OutputValidationError(`the final response does not match outputSchema: ${detail}`, text);
      }
      return result.value;
    },
  };
}
