import type {
  ApprovalHandler,
  Codex,
  CodexOptions,
  CodexPool,
  ElicitationHandler,
  ReasoningEffort,
  ReasoningSummary,
  ThreadStartOptions,
  UserInputHandler,
} from "@codexkit/node";

/**
 * How the provider maps the AI SDK's message history (resent in full on every call) to Codex threads.
 *
 * - `"thread"` (default): one Codex thread per conversation. A call whose prompt extends an earlier answer of
 *   this provider continues that answer's thread with only the new messages (found through the `threadId` the
 *   provider puts in `providerMetadata.codex`, which the AI SDK hands back on the assistant message, or through
 *   the history itself); `providerOptions.codex.threadId` names a thread explicitly. History the provider does not
 *   know is sent once, as a transcript, to a new thread (with a `compatibility` warning), never replayed onto a
 *   thread that already holds it.
 * - `"stateless"`: every call starts a new ephemeral thread and sends the whole prompt as one transcript; nothing
 *   is remembered between calls (except a tool round trip's still-running turn).
 */
export type ConversationMode = "thread" | "stateless";

/** Thread and turn settings a model (or a single call) can set; omitted ones keep Codex's defaults. */
export interface CodexModelSettings
  extends Pick<
    ThreadStartOptions,
    | "approvalMode"
    | "baseInstructions"
    | "config"
    | "cwd"
    | "developerInstructions"
    | "modelProvider"
    | "personality"
    | "sandbox"
    | "serviceTier"
    | "serviceName"
  > {
  /** Reasoning effort of the turns. */
  effort?: ReasoningEffort;
  /** Reasoning summary mode of the turns (`"auto"`, `"concise"`, `"detailed"`, `"none"`). */
  summary?: ReasoningSummary;
  /** See {@link ConversationMode}. Default `"thread"`. */
  conversation?: ConversationMode;
  /**
   * How long a Codex turn waits for the caller to come back with the result of one of its AI SDK tools, in
   * milliseconds. When it expires the tool call fails, the turn is interrupted and everything it held is
   * released. Default 300 000 (5 minutes).
   */
  toolResultTimeoutMs?: number;
}

/** Settings of {@link createCodexProvider}. */
export interface CodexProviderSettings extends CodexModelSettings {
  /**
   * The Codex client: a `Codex` or a `CodexPool` (threads placed on its members; a conversation stays on its
   * thread's member), or the `CodexOptions` to create a `Codex` with (started on first use and closed by
   * `provider.close()`). A `Codex` or pool you pass stays yours to close. Default: `new Codex()`.
   */
  codex?: Codex | CodexPool | CodexOptions;
  /** Answers the approval requests of the provider's turns. Without it, requests are declined (fail-closed). */
  onApproval?: ApprovalHandler;
  /** Answers MCP elicitation requests. Without it, they are declined. */
  onElicitation?: ElicitationHandler;
  /** Answers the agent's questions to the user (`request_user_input`). Without it, codexkit's default applies. */
  onUserInput?: UserInputHandler;
  /** How many conversations the `"thread"` mode remembers by their history (oldest forgotten first). Default 1000. */
  maxConversations?: number;
}
