import { InvalidInputError } from "@codexkit/core";
import { OutputValidationError } from "../client/errors.js";
import {
  isStandardSchema,
  issueLines,
  type JsonSchemaObject,
  jsonSchemaOf,
  type StandardJsonSchema,
} from "../internal/standard-schema.js";

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
