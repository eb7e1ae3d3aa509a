import { InvalidArgumentError } from "@ai-sdk/provider";
import { ApprovalMode, Sandbox } from "@codexkit/node";
import type { ConversationMode } from "./provider-settings.js";
import type { AnyCallOptions } from "./spec-types.js";

/**
 * What a single call can set through `providerOptions.codex` (JSON values only, as the AI SDK requires).
 *
 * @example
 * ```ts
 * await generateText({
 *   model: codex("gpt-5.5"),
 *   prompt: "Go on.",
 *   providerOptions: { codex: { threadId: "thr_…", approvalMode: "ask", effort: "high" } },
 * });
 * ```
 */
export interface CodexCallOptions {
  /** Continue this Codex thread (resumed when this client has not loaded it) with the prompt's newest messages. */
  threadId?: string;
  /** See {@link ConversationMode}; overrides the model's setting for this call. */
  conversation?: ConversationMode;
  /** Approval mode of the turn (and the thread's later turns). */
  approvalMode?: ApprovalMode;
  /** Sandbox of a new thread. */
  sandbox?: Sandbox;
  /** Reasoning effort of the turn. */
  effort?: string;
  /** Reasoning summary mode of the turn. */
  summary?: "auto" | "concise" | "detailed" | "none";
  /** Working directory of a new thread. */
  cwd?: string;
}

const ENUMS = {
  conversation: ["thread", "stateless"],
  approvalMode: Object.values(ApprovalMode),
  sandbox: Object.values(Sandbox),
  summary: ["auto", "concise", "detailed", "none"],
} as const satisfies Partial<Record<keyof CodexCallOptions, readonly string[]>>;
const STRINGS = ["threadId", "cwd", "effort"] as const;

/** Reads and checks `providerOptions.codex`; unknown keys and wrong values are refused before anything is sent. */
export function parseCallOptions(providerOptions: AnyCallOptions["providerOptions"]): CodexCallOptions {
  const raw = providerOptions?.codex;
  if (raw === undefined) return {};
  const fail = (message: string): never => {
    throw new InvalidArgumentError({ argument: "providerOptions.codex", message });
  };
  const options: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if ((STRINGS as readonly string[]).includes(key)) {
      if (typeof value !== "string" || value.trim() === "") fail(`${key} must be a non-empty string`);
      options[key] = value as string;
      continue;
    }
    const allowed = (ENUMS as Record<string, readonly string[]>)[key];
    if (!allowed) {
      fail(
        `unknown option ${JSON.stringify(key)} (known: ${[...STRINGS, ...Object.keys(ENUMS)].sort().join(", ")})`,
      );
    } else if (typeof value !== "string" || !allowed.includes(value)) {
      fail(`${key} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
    }
    options[key] = value as string;
  }
  return options as CodexCallOptions;
}
