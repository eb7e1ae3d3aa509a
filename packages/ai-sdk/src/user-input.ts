import type { InputItem } from "@codexkit/node";
import { type FileData, fileDataOf, isImage, isText } from "./file-data.js";
import type { UserMessage } from "./prompt-reading.js";
import type { AnyFilePart, AnyMessage, Warning } from "./spec-types.js";

/** Codex input items for the prompt's new user messages; parts Codex cannot take are reported in `warnings`. */
export function userInputOf(messages: readonly UserMessage[], warnings: Warning[]): InputItem[] {
  const items: InputItem[] = [];
  for (const message of messages) {
    for (const part of message.content) {
      if (part.type === "text") {
        if (part.text !== "") items.push({ type: "text", text: part.text });
        continue;
      }
      const item = fileInputOf(part, warnings);
      if (item) items.push(item);
    }
  }
  return items;
}

function fileInputOf(part: AnyFilePart, warnings: Warning[]): InputItem | undefined {
  const data: FileData = fileDataOf(part.data);
  if (isImage(part.mediaType)) {
    if (data.kind === "url") {
      if (data.url.protocol === "file:")
        return { type: "localImage", path: decodeURIComponent(data.url.pathname) };
      return { type: "image", url: data.url.href };
    }
    if (data.kind === "base64") {
      // a bare `image` (or `image/*`) media type: PNG is a guess the model's image decoder tolerates
      const mediaType =
        part.mediaType.includes("/") && part.mediaType !== "image/*" ? part.mediaType : "image/png";
      return { type: "image", url: `data:${mediaType};base64,${data.base64}` };
    }
  } else if (isText(part.mediaType)) {
    const text =
      data.kind === "text"
        ? data.text
        : data.kind === "base64"
          ? Buffer.from(data.base64, "base64").toString("utf8")
          : undefined;
    if (text !== undefined)
      return { type: "text", text: `${part.filename ? `${part.filename}:\n` : ""}${text}` };
  }
  warnings.push({
    type: "unsupported",
    feature: `file part (${part.mediaType}${data.kind === "reference" || data.kind === "url" ? `, ${data.kind === "url" ? "URL" : "provider reference"}` : ""})`,
    details:
      "Codex takes text and images (inline, or images by http(s) or file URL) as input; the file was left out",
  });
  return undefined;
}

/** The text of one message for a transcript. */
function messageText(message: AnyMessage): string {
  if (message.role === "system") return message.content;
  return message.content
    .map((part) => {
      switch (part.type) {
        case "text":
        case "reasoning":
          return part.type === "text" ? part.text : "";
        case "file":
          return `[file ${part.mediaType}${part.filename ? ` ${part.filename}` : ""}]`;
        case "tool-call":
          return `[called ${part.toolName} (${part.toolCallId}) with ${JSON.stringify(part.input)}]`;
        case "tool-result":
          return `[result of ${part.toolName} (${part.toolCallId}): ${JSON.stringify(part.output)}]`;
        default:
          return "";
      }
    })
    .filter((text) => text !== "")
    .join("\n");
}

/**
 * The earlier messages as one transcript, for a new thread that has to learn a history it does not hold
 * (stateless mode, or a history this provider does not know). Sent once, as the first part of the input.
 */
export function transcriptOf(history: readonly AnyMessage[]): string {
  const lines = history
    .map((message) => ({ role: message.role, text: messageText(message) }))
    .filter((entry) => entry.text !== "")
    .map((entry) => `[${entry.role}]\n${entry.text}`);
  return [
    "The conversation so far (earlier messages, oldest first):",
    ...lines,
    "End of the earlier messages. Continue the conversation from the next message.",
  ].join("\n\n");
}
