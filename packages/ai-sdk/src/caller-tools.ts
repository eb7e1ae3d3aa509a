import {
  type JsonSchemaObject,
  type Tool,
  type ToolContent,
  type ToolResult,
  tool,
  toolFailure,
} from "@codexkit/node";
import { fileDataOf, isImage } from "./file-data.js";
import type { ProviderRuntime } from "./provider-runtime.js";
import type { AnyFunctionTool, AnyToolResultOutput } from "./spec-types.js";

/** The signature and names of a call's function tools (to tell when a later call brings different ones). */
export function toolsSignatureOf(tools: readonly AnyFunctionTool[]): {
  toolsSignature: string;
  toolNames: ReadonlySet<string>;
} {
  const sorted = [...tools].sort((a, b) => a.name.localeCompare(b.name));
  return {
    toolsSignature: JSON.stringify(
      sorted.map((tool) => [tool.name, tool.description ?? "", tool.inputSchema]),
    ),
    toolNames: new Set(sorted.map((tool) => tool.name)),
  };
}

/**
 * The caller's AI SDK function tools as codexkit tools for a thread/start (or resume). Their `execute` does not
 * run anything: it hands the call to the AI SDK (the running turn ends the step with a tool call) and waits for
 * the result the next AI SDK call brings. Names Codex refuses fail here, before anything is sent.
 */
export function callerToolsFor(
  runtime: ProviderRuntime,
  definitions: readonly AnyFunctionTool[],
  toolResultTimeoutMs: number,
): { tools?: Tool[] } {
  if (definitions.length === 0) return {};
  return {
    tools: definitions.map((definition) =>
      tool({
        name: definition.name,
        description: definition.description ?? "",
        parameters: definition.inputSchema as JsonSchemaObject,
        // the provider's own timer (toolResultTimeoutMs) fires first and releases the whole turn
        timeoutMs: toolResultTimeoutMs + 5_000,
        execute: async (args, context) => {
          const turn = runtime.store.activeTurnOf(context.threadId, context.turnId);
          if (!turn) return toolFailure(`no AI SDK call is running turn ${context.turnId}`);
          const answer = await turn.waitForCaller(
            { callId: context.callId, toolName: definition.name, input: args },
            context.signal,
          );
          return answer.ok ? toolResultOf(answer.output) : toolFailure(answer.message);
        },
      }),
    ),
  };
}

/** An AI SDK tool result as what a codexkit tool returns. */
function toolResultOf(output: AnyToolResultOutput): ToolResult {
  switch (output.type) {
    case "text":
      return output.value;
    case "json":
      return typeof output.value === "string" ? output.value : (output.value as ToolResult);
    case "content": {
      const parts = output.value.map((part): ToolContent => {
        switch (part.type) {
          case "text":
            return { type: "text", text: part.text };
          case "image-data":
            return { type: "image", url: `data:${part.mediaType};base64,${part.data}` };
          case "file-data":
            return part.mediaType.startsWith("image/")
              ? { type: "image", url: `data:${part.mediaType};base64,${part.data}` }
              : fileMention(part.mediaType, part.filename);
          case "image-url":
            return { type: "image", url: part.url };
          case "file":
            return fileContentOf(part);
          default:
            return { type: "text", text: JSON.stringify(part) };
        }
      });
      return parts.length > 0 ? parts : "";
    }
    default:
      return JSON.stringify(output);
  }
}

/** A LanguageModelV4 `file` part of a tool result: images and text as they are, other files named. */
function fileContentOf(
  part: Extract<Extract<AnyToolResultOutput, { type: "content" }>["value"][number], { type: "file" }>,
): ToolContent {
  const data = fileDataOf(part.data);
  if (isImage(part.mediaType)) {
    if (data.kind === "url") return { type: "image", url: data.url.href };
    if (data.kind === "base64") {
      const mediaType =
        part.mediaType.includes("/") && part.mediaType !== "image/*" ? part.mediaType : "image/png";
      return { type: "image", url: `data:${mediaType};base64,${data.base64}` };
    }
  }
  if (data.kind === "text") return { type: "text", text: data.text };
  return fileMention(part.mediaType, part.filename);
}

function fileMention(mediaType: string, filename: string | undefined): ToolContent {
  return { type: "text", text: `[file ${mediaType}${filename ? ` ${filename}` : ""}]` };
}
