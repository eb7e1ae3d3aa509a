/**
 * A request as the scripted model received it, and accessors that read the parts tests assert on
 * (input texts and images, offered tools, output format, tool outputs).
 *
 * @module
 */

/** One content part of an input message (`input_text`, `output_text`, `input_image`, …). */
export interface InputContentPart {
  /** `input_text`, `output_text`, `input_image`, … */
  type: string;
  /** The text of a text part. */
  text?: string;
  /** The URL of an image part. */
  image_url?: string;
  /** Fields not typed here, as received. */
  [field: string]: unknown;
}

/** One item of the request `input`: a message, a function call, a tool output, reasoning, … */
export interface InputItem {
  /** `message`, `function_call`, `function_call_output`, `reasoning`, … */
  type?: string;
  /** The role of a message: `user`, `developer`, `assistant`. */
  role?: string;
  /** The content of a message. */
  content?: string | InputContentPart[];
  /** The call id of a tool call or tool output. */
  call_id?: string;
  /** The tool name of a tool call. */
  name?: string;
  /** The arguments of a function call (JSON text). */
  arguments?: string;
  /** The output of a tool output item. */
  output?: unknown;
  /** Fields not typed here, as received. */
  [field: string]: unknown;
}

/** A tool offered to the model (`function`, `custom`, `namespace`, `web_search`, …). */
export interface ToolDefinition {
  /** `function`, `custom`, `namespace`, `web_search`, … */
  type?: string;
  /** The tool's name. */
  name?: string;
  /** Fields not typed here, as received. */
  [field: string]: unknown;
}

/** The `text.format` of a request, e.g. a `json_schema` output schema. */
export interface OutputFormat {
  /** `json_schema` for an output schema, else `text`. */
  type?: string;
  /** The schema's name. */
  name?: string;
  /** Whether the model must follow the schema strictly. */
  strict?: boolean;
  /** The JSON Schema. */
  schema?: Record<string, unknown>;
  /** Fields not typed here, as received. */
  [field: string]: unknown;
}

/** The JSON body codex posts to `/v1/responses` (only the fields tests commonly read are typed). */
export interface ResponsesRequestBody {
  /** The model slug. */
  model?: string;
  /** The base instructions. */
  instructions?: string;
  /** The conversation so far: messages, tool calls and outputs, reasoning. */
  input?: InputItem[];
  /** The tools offered. */
  tools?: ToolDefinition[];
  /** Text output settings. */
  text?: {
    /** The output format (set when the turn has an output schema). */
    format?: OutputFormat;
    /** Fields not typed here, as received. */
    [field: string]: unknown;
  };
  /** Whether a streamed answer is asked for. */
  stream?: boolean;
  /** Fields not typed here, as received. */
  [field: string]: unknown;
}

/** One HTTP request received by the scripted model. */
export interface RecordedRequest {
  /** HTTP method, e.g. `POST`. */
  readonly method: string;
  /** Path without query, e.g. `/v1/responses`. */
  readonly path: string;
  /** Headers with lower-cased names; repeated headers are joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or `undefined` when there was none or it was not JSON. */
  readonly body: ResponsesRequestBody | undefined;
  /** The body as received. */
  readonly rawBody: string;
  /** `Date.now()` when the request body was complete. */
  readonly receivedAt: number;
}

/** A tool result the client sent back to the model. */
export interface ToolCallOutput {
  /** `function_call_output` or `custom_tool_call_output`. */
  type: "function_call_output" | "custom_tool_call_output";
  /** The `call_id` of the call this answers. */
  callId: string;
  /** The output text (text parts joined when the output is a content list). */
  output: string;
  /**
   * The output as content parts: one `input_text` part for a plain text output, else the parts as sent
   * (`input_text` with `text`, `input_image` with `image_url`).
   */
  content: InputContentPart[];
}

function partsOf(item: InputItem): InputContentPart[] {
  if (typeof item.content === "string") return [{ type: "input_text", text: item.content }];
  return Array.isArray(item.content) ? item.content : [];
}

/** Input messages of a request, optionally only those with `role`. */
export function inputMessages(request: RecordedRequest, role?: string): InputItem[] {
  const input = request.body?.input ?? [];
  return input.filter(
    (item) =>
      (item.type === undefined || item.type === "message") && (role === undefined || item.role === role),
  );
}

/**
 * Text parts of the input messages (one entry per part), optionally only for `role`
 * (`"user"`, `"developer"`, `"assistant"`).
 */
export function inputTexts(request: RecordedRequest, role?: string): string[] {
  return inputMessages(request, role).flatMap((item) =>
    partsOf(item)
      .map((part) => part.text)
      .filter((text): text is string => typeof text === "string"),
  );
}

/** The `image_url`s of all `input_image` parts (data URLs for local images). */
export function inputImages(request: RecordedRequest): string[] {
  return inputMessages(request).flatMap((item) =>
    partsOf(item)
      .filter((part) => part.type === "input_image" && typeof part.image_url === "string")
      .map((part) => part.image_url as string),
  );
}

/** Names of the offered tools (a tool without a name is listed by its `type`, e.g. `web_search`). */
export function toolNames(request: RecordedRequest): string[] {
  return (request.body?.tools ?? []).map((tool) => tool.name ?? tool.type ?? "");
}

/** The requested output format (`text.format`), or `undefined` when the request has none. */
export function outputFormat(request: RecordedRequest): OutputFormat | undefined {
  return request.body?.text?.format;
}

function outputText(output: unknown): string {
  if (typeof output === "string") return output;
  if (Array.isArray(output)) {
    return output
      .map((part: unknown) =>
        typeof part === "object" && part !== null && "text" in part && typeof part.text === "string"
          ? part.text
          : "",
      )
      .join("");
  }
  return JSON.stringify(output);
}

function outputParts(output: unknown): InputContentPart[] {
  if (Array.isArray(output)) {
    return output.filter(
      (part: unknown): part is InputContentPart =>
        typeof part === "object" && part !== null && typeof (part as { type?: unknown }).type === "string",
    );
  }
  return [{ type: "input_text", text: typeof output === "string" ? output : JSON.stringify(output) }];
}

/** Tool results in the input (`function_call_output` and `custom_tool_call_output` items). */
export function toolCallOutputs(request: RecordedRequest): ToolCallOutput[] {
  const input = request.body?.input ?? [];
  const outputs: ToolCallOutput[] = [];
  for (const item of input) {
    if (item.type === "function_call_output" || item.type === "custom_tool_call_output") {
      outputs.push({
        type: item.type,
        callId: item.call_id ?? "",
        output: outputText(item.output),
        content: outputParts(item.output),
      });
    }
  }
  return outputs;
}
