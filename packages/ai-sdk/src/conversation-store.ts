import type { Thread } from "@codexkit/node";
import type { ActiveTurn } from "./active-turn.js";
import type { KnownTurnSettings } from "./turn-settings.js";

/** One Codex thread the provider holds a conversation on. */
export interface Conversation {
  /** The thread. */
  thread: Thread;
  /** The system messages the thread was started with (as developer instructions). */
  system: string | undefined;
  /** The signature of the caller tools the thread was started with (tools are fixed at thread/start). */
  toolsSignature: string;
  /** The names of those tools. */
  toolNames: ReadonlySet<string>;
  /** The model, effort and summary the thread is known to run with (see {@link KnownTurnSettings}). */
  turnSettings: KnownTurnSettings;
  /** The turn still running across AI SDK calls (a tool round trip), if any. */
  active: ActiveTurn | undefined;
}

/**
 * The provider's memory: conversations by thread id, the thread each known history belongs to (by its
 * fingerprint), and the running turns waiting for a caller tool's result, by tool call id. Bounded: the oldest
 * conversations are forgotten first (their threads stay on the server and can be continued by `threadId`).
 */
export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly fingerprints = new Map<string, string>();
  private readonly turnsByCall = new Map<string, ActiveTurn>();

  constructor(private readonly maxConversations: number) {}

  /** The conversation on `threadId`, if this provider holds it. */
  get(threadId: string): Conversation | undefined {
    const conversation = this.conversations.get(threadId);
    if (conversation) {
      // most recently used last
      this.conversations.delete(threadId);
      this.conversations.set(threadId, conversation);
    }
    return conversation;
  }

  /** The conversation on `threadId`, if this provider holds it, without counting as a use. */
  peek(threadId: string): Conversation | undefined {
    return this.conversations.get(threadId);
  }

  /** Remembers a conversation. */
  add(conversation: Conversation): void {
    this.conversations.set(conversation.thread.id, conversation);
    while (this.conversations.size > this.maxConversations) {
      const oldest = this.conversations.keys().next().value as string;
      this.conversations.delete(oldest);
    }
  }

  /** The thread a history with this fingerprint continues. */
  threadOf(fingerprint: string | undefined): string | undefined {
    return fingerprint === undefined ? undefined : this.fingerprints.get(fingerprint);
  }

  /** Records that the history with `fingerprint` continues on `threadId`. */
  remember(fingerprint: string, threadId: string): void {
    this.fingerprints.delete(fingerprint);
    this.fingerprints.set(fingerprint, threadId);
    while (this.fingerprints.size > this.maxConversations * 4) {
      this.fingerprints.delete(this.fingerprints.keys().next().value as string);
    }
  }

  /** The running turn `turnId` of the conversation on `threadId` (for a caller tool's `execute`). */
  activeTurnOf(threadId: string, turnId: string): ActiveTurn | undefined {
    const active = this.conversations.get(threadId)?.active;
    return active && active.handle.id === turnId && !active.done ? active : undefined;
  }

  /** Records that `turn` waits for the caller's result of `callId`. */
  awaitingResult(callId: string, turn: ActiveTurn): void {
    this.turnsByCall.set(callId, turn);
  }

  /** The running turn waiting for the result of `callId`. */
  turnAwaiting(callId: string): ActiveTurn | undefined {
    const turn = this.turnsByCall.get(callId);
    return turn && !turn.done ? turn : undefined;
  }

  /** Forgets the tool calls of a turn that is done. */
  forgetTurn(turn: ActiveTurn): void {
    for (const [callId, waiting] of this.turnsByCall) if (waiting === turn) this.turnsByCall.delete(callId);
    for (const conversation of this.conversations.values()) {
      if (conversation.active === turn) conversation.active = undefined;
    }
  }

  /** Every running turn (to release on close). */
  activeTurns(): ActiveTurn[] {
    return [...this.conversations.values()].flatMap((conversation) =>
      conversation.active ? [conversation.active] : [],
    );
  }
}
