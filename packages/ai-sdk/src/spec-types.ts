import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FilePart,
  LanguageModelV3FunctionTool,
  LanguageModelV3Message,
  LanguageModelV3StreamPart,
  LanguageModelV3ToolResultOutput,
  LanguageModelV3ToolResultPart,
  SharedV3Warning,
} from "@ai-sdk/provider";
import type {
  LanguageModelV4CallOptions,
  LanguageModelV4FilePart,
  LanguageModelV4FunctionTool,
  LanguageModelV4Message,
  LanguageModelV4ToolResultOutput,
  LanguageModelV4ToolResultPart,
} from "@ai-sdk/provider-v4";

/*
 * What the provider reads from and writes to both AI SDK specifications: LanguageModelV3 (`ai@6`) and
 * LanguageModelV4 (`ai@7`). Type-only: nothing of `@ai-sdk/provider` 4 is loaded at run time.
 */

/** A call's options, of either specification. */
export type AnyCallOptions = LanguageModelV3CallOptions | LanguageModelV4CallOptions;
/** A prompt message, of either specification. */
export type AnyMessage = LanguageModelV3Message | LanguageModelV4Message;
/** A file part of a prompt (V3: bare data or URL; V4: tagged data). */
export type AnyFilePart = LanguageModelV3FilePart | LanguageModelV4FilePart;
/** A function tool the caller offers. */
export type AnyFunctionTool = LanguageModelV3FunctionTool | LanguageModelV4FunctionTool;
/** A tool result part of a prompt. */
export type AnyToolResultPart = LanguageModelV3ToolResultPart | LanguageModelV4ToolResultPart;
/** The output of a tool result. */
export type AnyToolResultOutput = LanguageModelV3ToolResultOutput | LanguageModelV4ToolResultOutput;

/** A warning the provider gives (the V3 shapes, which V4 keeps). */
export type Warning = SharedV3Warning;

/** Stream parts the provider emits other than `finish`; each is valid in both specifications. */
export type CodexStreamPart = Exclude<LanguageModelV3StreamPart, { type: "finish" | "file" }>;

/** The `finish` part, with the finish reason of the specification being served. */
export type CodexFinishPart<Reason> = Omit<
  Extract<LanguageModelV3StreamPart, { type: "finish" }>,
  "finishReason"
> & {
  finishReason: Reason;
};

/** Content the provider collects for a `doGenerate` result; each kind is valid in both specifications. */
export type CodexContent = Exclude<LanguageModelV3Content, { type: "file" }>;
