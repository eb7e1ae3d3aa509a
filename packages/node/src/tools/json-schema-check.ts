import type { JsonSchemaObject } from "../internal/standard-schema.js";

/**
 * The arguments check codexkit does for a tool whose `parameters` is a plain JSON Schema object (no
 * validator library is bundled): the arguments must be a JSON object; every `required` property must be
 * present; a top-level property whose schema has a `type` (or a `type` list) must have a value of that
 * type, and one with an `enum` must be one of its values; with `additionalProperties: false`, unknown
 * properties are refused. Nested schemas, formats, patterns and ranges are not checked: use a zod (or other
 * Standard Schema) `parameters` for full validation.
 *
 * @returns the problems found (empty when the arguments pass)
 */
export function checkAgainstJsonSchema(schema: JsonSchemaObject, args: unknown): string[] {
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    return [`(root): expected an object, got ${jsonTypeOf(args)}`];
  }
  const value = args as Record<string, unknown>;
  const problems: string[] = [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const key of required) {
    if (typeof key === "string" && !(key in value)) problems.push(`${key}: required`);
  }
  for (const [key, item] of Object.entries(value)) {
    const property = properties[key];
    if (property === undefined) {
      if (schema.additionalProperties === false) problems.push(`${key}: unknown property`);
      continue;
    }
    if (!isObject(property)) continue;
    const types = typeof property.type === "string" ? [property.type] : property.type;
    if (Array.isArray(types) && !types.some((type) => matchesType(type, item))) {
      problems.push(`${key}: expected ${types.join(" or ")}, got ${jsonTypeOf(item)}`);
    } else if (Array.isArray(property.enum) && !property.enum.some((allowed) => sameJson(allowed, item))) {
      problems.push(`${key}: expected one of ${property.enum.map((e) => JSON.stringify(e)).join(", ")}`);
    }
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function matchesType(type: unknown, value: unknown): boolean {
  const actual = jsonTypeOf(value);
  if (type === "number") return actual === "number" || actual === "integer";
  return type === actual;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
