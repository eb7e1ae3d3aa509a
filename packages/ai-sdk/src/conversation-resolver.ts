import type { InputItem, ThreadStartOptions } from "@codexkit/node";
import { callerToolsFor, toolsSignatureOf } from "./caller-tools.js";
import type { Conversation } from "./conversation-store.js";
import type { PromptReading } from "./prompt-reading.js";
import type { ProviderRuntime } from "./provider-runtime.js";
import type { CodexModelSettings } from "./provider-settings.js";
import type { AnyFunctionTool, Warning } from "./spec-types.js";
import { toolResultTimeoutOf } from "./tool-result-timeout.js";
import { KnownTurnSettings } from "./turn-settings.js";
import { transcriptOf, userInputOf } from "./user-input.js";

/** The thread a call runs on and the input of its turn. */
export interface ResolvedConversation {
  conversation: Conversation;
  input: InputItem[];
}

/**
 * Finds (or starts) the Codex thread for one call and the input that is new to it:
 * 1. `providerOptions.codex.threadId`, 2. the thread id the last assistant message carries, 3. the thread a known
 * history belongs to; then only the new messages are sent. Otherwise a new thread, with an unknown history sent
 * once as a transcript (warned). In stateless mode always a new ephemeral thread with the whole prompt.
 */
export async function resolveConversation(
  runtime: ProviderRuntime,
  modelId: string,
  settings: CodexModelSettings & { threadId?: string | undefined },
  reading: PromptReading,
  tools: readonly AnyFunctionTool[],
  warnings: Warning[],
): Promise<ResolvedConversation> {
  const newInput = userInputOf(reading.newUserMessages, warnings);
  const stateless = settings.conversation === "stateless";
  const threadId = stateless
    ? undefined
    : (settings.threadId ?? reading.anchorThreadId ?? runtime.store.threadOf(reading.historyFingerprint));
  if (threadId !== undefined) {
    const conversation =
      runtime.store.get(threadId) ?? (await resume(runtime, threadId, settings, reading, tools));
    checkSameSetup(conversation, reading, tools, warnings);
    return { conversation, input: newInput };
  }
  const history: InputItem[] = [];
  if (reading.history.length > 0) {
    history.push({ type: "text", text: transcriptOf(reading.history) });
    if (!stateless) {
      warnings.push({
        type: "compatibility",
        feature: "conversation history",
        details:
          "the prompt's earlier messages belong to no Codex thread this provider knows; they were sent once, as a transcript, to a new thread (pass providerOptions.codex.threadId to continue a thread)",
      });
    }
  }
  const conversation = await start(runtime, modelId, settings, reading, tools, stateless);
  return { conversation, input: [...history, ...newInput] };
}

function handlers(runtime: ProviderRuntime) {
  const { onApproval, onElicitation, onUserInput } = runtime.settings;
  return {
    ...(onApproval ? { onApproval } : {}),
    ...(onElicitation ? { onElicitation } : {}),
    ...(onUserInput ? { onUserInput } : {}),
  };
}

async function start(
  runtime: ProviderRuntime,
  modelId: string,
  settings: CodexModelSettings,
  reading: PromptReading,
  tools: readonly AnyFunctionTool[],
  ephemeral: boolean,
): Promise<Conversation> {
  const developerInstructions = [settings.developerInstructions, reading.system]
    .filter((text) => text !== undefined && text !== "")
    .join("\n\n");
  const options: ThreadStartOptions & { tools?: unknown[] } = {
    model: modelId,
    ...pick(settings, [
      "approvalMode",
      "baseInstructions",
      "config",
      "cwd",
      "modelProvider",
      "personality",
      "sandbox",
      "serviceTier",
      "serviceName",
    ]),
    ...(developerInstructions ? { developerInstructions } : {}),
    ...(ephemeral ? { ephemeral: true } : {}),
    ...handlers(runtime),
    ...callerToolsFor(runtime, tools, toolResultTimeoutOf(settings)),
  };
  const thread = await runtime.codex().threadStart(options);
  return remember(runtime, {
    thread,
    system: reading.system,
    ...toolsSignatureOf(tools),
    turnSettings: KnownTurnSettings.of(thread),
    active: undefined,
  });
}

async function resume(
  runtime: ProviderRuntime,
  threadId: string,
  settings: CodexModelSettings,
  reading: PromptReading,
  tools: readonly AnyFunctionTool[],
): Promise<Conversation> {
  const thread = await runtime.codex().threadResume(threadId, {
    ...pick(settings, ["approvalMode", "sandbox", "cwd"]),
    ...handlers(runtime),
    ...callerToolsFor(runtime, tools, toolResultTimeoutOf(settings)),
  });
  return remember(runtime, {
    thread,
    system: reading.system,
    ...toolsSignatureOf(tools),
    turnSettings: KnownTurnSettings.of(thread),
    active: undefined,
  });
}

function remember(runtime: ProviderRuntime, conversation: Conversation): Conversation {
  runtime.store.add(conversation);
  return conversation;
}

function checkSameSetup(
  conversation: Conversation,
  reading: PromptReading,
  tools: readonly AnyFunctionTool[],
  warnings: Warning[],
): void {
  if (reading.system !== undefined && reading.system !== conversation.system) {
    warnings.push({
      type: "unsupported",
      feature: "changed system message",
      details:
        "a Codex thread keeps the instructions it was started with; the new system message was ignored",
    });
  }
  const { toolsSignature } = toolsSignatureOf(tools);
  if (toolsSignature !== conversation.toolsSignature) {
    warnings.push({
      type: "unsupported",
      feature: "changed tools",
      details: `Codex fixes a thread's tools at thread/start; this thread keeps the tools of its first call (${[...conversation.toolNames].join(", ") || "none"}); calls of tools this call does not offer fail`,
    });
  }
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}
