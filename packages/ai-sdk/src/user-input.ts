import type { LanguageModelV3FilePart, LanguageModelV3Message, SharedV3Warning } from "@ai-sdk/provider";
import type { InputItem } from "@codexkit/node";
import type { UserMessage } from "./prompt-reading.js";

/** Codex input items for the prompt's new user messages; parts Codex cannot take are reported in `warnings`. */
export function userInputOf(messages: readonly UserMessage[], warnings: SharedV3Warning[]): InputItem[] {
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

function fileInputOf(part: LanguageModelV3FilePart, warnings: SharedV3Warning[]): InputItem | undefined {
  if (part.mediaType.startsWith("image/")) {
    if (part.data instanceof URL) {
      if (part.data.protocol === "file:")
        return { type: "localImage", path: decodeURIComponent(part.data.pathname) };
      return { type: "image", url: part.data.href };
    }
    const base64 = typeof part.data === "string" ? part.data : Buffer.from(part.data).toString("base64");
    const mediaType = part.mediaType === "image/*" ? "image/png" : part.mediaType;
    return { type: "image", url: `data:${mediaType};base64,${base64}` };
  }
  if (part.mediaType.startsWith("text/") && !(part.data instanceof URL)) {
    const text =
      typeof part.data === "string"
        ? Buffer.from(part.data, "base64").toString("utf8")
        : Buffer.from(part.data).toString("utf8");
    return { type: "text", text: `${part.filename ? `${part.filename}:\n` : ""}${text}` };
  }
  warnings.push({
    type: "unsupported",
    feature: `file part (${part.mediaType})`,
    details: "Codex takes text and images as input; the file was left out",
  });
  return undefined;
}

/** The text of one message for a transcript. */
function messageText(message: LanguageModelV3Message): string {
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
export function transcriptOf(history: readonly LanguageModelV3Message[]): string {
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
