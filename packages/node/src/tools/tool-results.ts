import type { DynamicToolCallResponse } from "@codexkit/core";

/** A text part of a tool's result: the model receives it as `input_text`. */
export interface ToolTextContent {
  /** Discriminant. */
  type: "text";
  /** The text. */
  text: string;
}

/** An image part of a tool's result: the model receives it as `input_image`. */
export interface ToolImageContent {
  /** Discriminant. */
  type: "image";
  /** The image as a `data:` URL (e.g. `data:image/png;base64,…`) or an `https:` URL. */
  url: string;
}

/** One part of a tool's result. */
export type ToolContent = ToolTextContent | ToolImageContent;

/**
 * An explicit failure returned by a tool: `{ success: false, message }`, built with {@link toolFailure}
 * or written by hand. The call is marked failed (`success: false` on the `dynamicToolCall` item) and the
 * model receives the message (prefixed with `Tool call failed: ` unless it already starts so).
 */
export interface ToolFailure {
  /** Always `false`: this is what tells a failure from an ordinary JSON result. */
  readonly success: false;
  /** What the model is told, e.g. `Tool call failed: customer 42 does not exist`. */
  readonly message: string;
}

/**
 * What a tool's `execute` may return:
 * - a string → one text part;
 * - a {@link ToolContent} item (`{ type: "text", text }` or `{ type: "image", url }`) or an array of them;
 * - a {@link ToolFailure} from {@link toolFailure} → the call fails with that message;
 * - any other JSON value (object, number, boolean, null) → its JSON text.
 */
export type ToolResult = string | ToolContent | readonly ToolContent[] | ToolFailure | JsonResult;

/** A JSON value a tool can return (sent to the model as its JSON text). */
export type JsonResult =
  | number
  | boolean
  | null
  | readonly JsonResult[]
  | { readonly [key: string]: unknown };

/** Prefix of every failure text codexkit sends: codex passes failure texts to the model unmarked. */
export const FAILURE_PREFIX = "Tool call failed: ";

/**
 * Builds an explicit tool failure. The model receives `message`, prefixed with `Tool call failed: `
 * unless it already says so (codex hands a failure's text to the model without marking it failed).
 *
 * @example
 * ```ts
 * execute: async ({ id }) => (await db.find(id)) ?? toolFailure(`no customer with id ${id}`),
 * ```
 */
export function toolFailure(message: string): ToolFailure {
  const text = String(message);
  return { success: false, message: text.startsWith(FAILURE_PREFIX) ? text : FAILURE_PREFIX + text };
}

/** Whether `value` is a {@link ToolFailure}: an object with `success: false` and a string `message`. */
export function isToolFailure(value: unknown): value is ToolFailure {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { success, message } = value as { success?: unknown; message?: unknown };
  return success === false && typeof message === "string";
}

/** The wire answer for a failure text. */
export function failureResponse(message: string): DynamicToolCallResponse {
  const text = message.startsWith(FAILURE_PREFIX) ? message : FAILURE_PREFIX + message;
  return { success: false, contentItems: [{ type: "inputText", text }] };
}

function isContent(value: unknown): value is ToolContent {
  if (typeof value !== "object" || value === null) return false;
  const { type, text, url } = value as { type?: unknown; text?: unknown; url?: unknown };
  return (type === "text" && typeof text === "string") || (type === "image" && typeof url === "string");
}

function wireContent(content: ToolContent): DynamicToolCallResponse["contentItems"][number] {
  return content.type === "text"
    ? { type: "inputText", text: content.text }
    : { type: "inputImage", imageUrl: content.url };
}

/**
 * Converts what `execute` returned into the `item/tool/call` answer. A value that cannot be sent
 * (`undefined`, a function, a cycle, a BigInt) becomes a failure that says why.
 */
export function toolResponse(result: unknown, toolName: string): DynamicToolCallResponse {
  if (isToolFailure(result)) return failureResponse(result.message);
  if (typeof result === "string")
    return { success: true, contentItems: [{ type: "inputText", text: result }] };
  if (isContent(result)) return { success: true, contentItems: [wireContent(result)] };
  if (Array.isArray(result) && result.length > 0 && result.every(isContent)) {
    return { success: true, contentItems: result.map(wireContent) };
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(result);
  } catch (error) {
    return failureResponse(`${toolName} returned a value that is not JSON: ${(error as Error).message}`);
  }
  if (json === undefined) {
    return failureResponse(
      `${toolName} returned ${typeof result === "undefined" ? "nothing" : `a ${typeof result}`}; return a string, content items or a JSON value`,
    );
  }
  return { success: true, contentItems: [{ type: "inputText", text: json }] };
}
