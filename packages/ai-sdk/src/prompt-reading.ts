import { createHash } from "node:crypto";
import type { AnyMessage, AnyToolResultPart } from "./spec-types.js";

/** A user message of the prompt. */
export type UserMessage = Extract<AnyMessage, { role: "user" }>;

/** What the provider needs to know about one call's prompt. */
export interface PromptReading {
  /** The system messages, joined (they become the thread's developer instructions). */
  system: string | undefined;
  /** The messages before the new tail, system messages left out: what an existing thread already holds. */
  history: AnyMessage[];
  /** The user messages of the tail (the trailing user and tool messages after the last assistant message). */
  newUserMessages: UserMessage[];
  /** The tool results of the tail: answers to the caller's tools the last step asked for. */
  toolResults: AnyToolResultPart[];
  /** The Codex thread the last assistant message came from (`providerOptions.codex.threadId`), if it says. */
  anchorThreadId: string | undefined;
  /** A fingerprint of {@link PromptReading.history}; `undefined` when there is no history. */
  historyFingerprint: string | undefined;
}

/** Splits a prompt into what is new for Codex and what an existing thread already holds. */
export function readPrompt(prompt: readonly AnyMessage[]): PromptReading {
  const system = prompt
    .filter((message) => message.role === "system")
    .map((message) => message.content)
    .join("\n\n");
  const messages = prompt.filter((message) => message.role !== "system");
  let tailStart = messages.length;
  while (tailStart > 0) {
    const role = messages[tailStart - 1]?.role;
    if (role !== "user" && role !== "tool") break;
    tailStart--;
  }
  const history = messages.slice(0, tailStart);
  const tail = messages.slice(tailStart);
  const lastAssistant = history[history.length - 1];
  return {
    system: system === "" ? undefined : system,
    history,
    newUserMessages: tail.filter((message): message is UserMessage => message.role === "user"),
    toolResults: tail.flatMap((message) =>
      message.role === "tool"
        ? message.content.filter((part): part is AnyToolResultPart => part.type === "tool-result")
        : [],
    ),
    anchorThreadId: lastAssistant ? threadIdOf(lastAssistant) : undefined,
    historyFingerprint: history.length === 0 ? undefined : fingerprint(segmentsOf(history)),
  };
}

/** The `providerOptions.codex.threadId` on an assistant message or one of its parts (the newest wins). */
function threadIdOf(message: AnyMessage): string | undefined {
  if (message.role !== "assistant") return undefined;
  for (let i = message.content.length - 1; i >= 0; i--) {
    const id = message.content[i]?.providerOptions?.codex?.threadId;
    if (typeof id === "string") return id;
  }
  const id = message.providerOptions?.codex?.threadId;
  return typeof id === "string" ? id : undefined;
}

/**
 * One user message, or one run of assistant and tool messages: the unit the fingerprint compares. A run is
 * reduced to its text (whitespace ignored) and the ids of the caller's tool calls, so the same history
 * matches however the AI SDK split it into messages and parts.
 */
type Segment = { user: string } | { assistant: string; toolCalls: string[] };

function segmentsOf(messages: readonly AnyMessage[]): Segment[] {
  const segments: Segment[] = [];
  for (const message of messages) {
    if (message.role === "system") continue;
    if (message.role === "user") {
      segments.push({
        user: message.content
          .map((part) =>
            part.type === "text" ? part.text : `[file ${part.mediaType} ${part.filename ?? ""}]`,
          )
          .join("\n"),
      });
      continue;
    }
    let last = segments[segments.length - 1];
    if (!last || "user" in last) {
      last = { assistant: "", toolCalls: [] };
      segments.push(last);
    }
    if (message.role === "assistant") {
      for (const part of message.content) {
        if (part.type === "text") last.assistant += part.text.replace(/\s+/g, "");
        if (part.type === "tool-call" && !part.providerExecuted) last.toolCalls.push(part.toolCallId);
      }
    }
  }
  return segments;
}

function fingerprint(segments: readonly Segment[]): string {
  return createHash("sha256").update(JSON.stringify(segments)).digest("base64url");
}

/**
 * The fingerprint the next call's history will have once the caller appends this call's answer: the prompt's
 * messages followed by an assistant run with `answerText` and the caller's `toolCallIds`.
 */
export function fingerprintAfterAnswer(
  prompt: readonly AnyMessage[],
  answerText: string,
  toolCallIds: readonly string[],
): string {
  const segments = segmentsOf(prompt);
  const last = segments[segments.length - 1];
  const text = answerText.replace(/\s+/g, "");
  if (last && "assistant" in last) {
    last.assistant += text;
    last.toolCalls.push(...toolCallIds);
  } else {
    segments.push({ assistant: text, toolCalls: [...toolCallIds] });
  }
  return fingerprint(segments);
}
