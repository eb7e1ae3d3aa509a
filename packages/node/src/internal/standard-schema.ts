import { InvalidInputError } from "@codexkit/core";
import type { JsonSchemaObject, StandardJsonSchema, StandardResult } from "../turn/output-schema.js";

/**
 * Helpers shared by `outputSchema` and tool `parameters` for Standard (JSON) Schema values such as zod ≥ 4.2.
 *
 * @module
 */

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
