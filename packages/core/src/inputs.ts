import { InvalidInputError } from "./errors.js";
import type { UserInput } from "./generated/v2/UserInput.js";

/** Plain text. */
export interface TextInput {
  /** Discriminant. */
  type: "text";
  /** The text. */
  text: string;
}
/** An image by URL (https: or data:). */
export interface ImageInput {
  /** Discriminant. */
  type: "image";
  /** An `https:` or `data:` URL. */
  url: string;
}
/** An image file on the machine running the app-server. */
export interface LocalImageInput {
  /** Discriminant. */
  type: "localImage";
  /** Path of the image file, on the machine running the app-server. */
  path: string;
}
/** A skill to invoke, by name and path. */
export interface SkillInput {
  /** Discriminant. */
  type: "skill";
  /** The skill's name. */
  name: string;
  /** Path of the skill. */
  path: string;
}
/** A mention of a file or resource, by name and path. */
export interface MentionInput {
  /** Discriminant. */
  type: "mention";
  /** The name shown for the mention. */
  name: string;
  /** Path of the mentioned file or resource. */
  path: string;
}

/** One item of turn input. */
export type InputItem = TextInput | ImageInput | LocalImageInput | SkillInput | MentionInput;
/** One item or a list of them. */
export type Input = InputItem | readonly InputItem[];
/** What `run`, `turn` and `steer` accept: a string is shorthand for one {@link TextInput}. */
export type RunInput = string | Input;

/** Builds a {@link TextInput}. */
export const textInput = (text: string): TextInput => ({ type: "text", text });
/** Builds an {@link ImageInput}. */
export const imageInput = (url: string): ImageInput => ({ type: "image", url });
/** Builds a {@link LocalImageInput}. */
export const localImageInput = (path: string): LocalImageInput => ({ type: "localImage", path });
/** Builds a {@link SkillInput}. */
export const skillInput = (name: string, path: string): SkillInput => ({ type: "skill", name, path });
/** Builds a {@link MentionInput}. */
export const mentionInput = (name: string, path: string): MentionInput => ({ type: "mention", name, path });

const describe = (value: unknown): string =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "an array"
      : typeof value === "string"
        ? JSON.stringify(value)
        : typeof value;

function requireString(item: Record<string, unknown>, key: string, where: string): string {
  const value = item[key];
  if (typeof value !== "string" || value.length === 0) {
    throw new InvalidInputError(`${where}: "${key}" must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

function normalizeItem(item: unknown, where: string): UserInput {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    throw new InvalidInputError(`${where} must be an input item object, got ${describe(item)}`);
  }
  const record = item as Record<string, unknown>;
  switch (record.type) {
    case "text":
      if (typeof record.text !== "string") {
        throw new InvalidInputError(`${where}: "text" must be a string, got ${describe(record.text)}`);
      }
      return { type: "text", text: record.text, text_elements: [] };
    case "image":
      return { type: "image", url: requireString(record, "url", where) };
    case "localImage":
      return { type: "localImage", path: requireString(record, "path", where) };
    case "skill":
      return {
        type: "skill",
        name: requireString(record, "name", where),
        path: requireString(record, "path", where),
      };
    case "mention":
      return {
        type: "mention",
        name: requireString(record, "name", where),
        path: requireString(record, "path", where),
      };
    default:
      throw new InvalidInputError(
        `${where}: unknown input type ${describe(record.type)} (expected "text", "image", "localImage", "skill" or "mention")`,
      );
  }
}

/**
 * Validates turn input and converts it to the wire's `UserInput[]`. Throws {@link InvalidInputError}
 * before anything is sent when the input is malformed.
 *
 * @example
 * ```ts
 * normalizeInput("hi"); // [{ type: "text", text: "hi", text_elements: [] }]
 * normalizeInput([textInput("what is this?"), imageInput("https://example.com/a.png")]);
 * ```
 */
export function normalizeInput(input: RunInput): UserInput[] {
  if (typeof input === "string") {
    if (input.length === 0) throw new InvalidInputError("input must not be an empty string");
    if (input.trim() === "") throw new InvalidInputError("input must not be only whitespace");
    return [{ type: "text", text: input, text_elements: [] }];
  }
  if (Array.isArray(input)) {
    if (input.length === 0) throw new InvalidInputError("input must not be an empty array");
    return refuseBlank(input.map((item, index) => normalizeItem(item, `input[${index}]`)));
  }
  return refuseBlank([normalizeItem(input, "input")]);
}

/** Input made only of empty or whitespace-only text items says nothing: refused like an empty string. */
function refuseBlank(items: UserInput[]): UserInput[] {
  if (items.every((item) => item.type === "text" && item.text.trim() === "")) {
    throw new InvalidInputError("input must not be only empty or whitespace text");
  }
  return items;
}
