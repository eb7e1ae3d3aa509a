import { Codex, type CodexOptions, CodexPool } from "@codexkit/node";
import { ConversationStore } from "./conversation-store.js";
import type { CodexProviderSettings } from "./provider-settings.js";

/**
 * What every model of one provider shares: the Codex client (created on first use when the provider was given
 * options), and the conversation store.
 */
export class ProviderRuntime {
  private client: Codex | CodexPool | undefined;
  private readonly owned: boolean;
  private closed = false;
  /** The provider's conversations and running turns. */
  readonly store: ConversationStore;

  constructor(
    /** The provider's settings. */
    readonly settings: CodexProviderSettings,
  ) {
    const given = settings.codex;
    const client = given instanceof Codex || given instanceof CodexPool ? given : undefined;
    this.owned = client === undefined;
    this.client = client;
    this.store = new ConversationStore(settings.maxConversations ?? 1000);
  }

  /** The Codex client or pool (an app-server starts with the first request). */
  codex(): Codex | CodexPool {
    if (this.closed) throw new Error("this Codex provider was closed");
    this.client ??= new Codex(this.settings.codex as CodexOptions | undefined);
    return this.client;
  }

  /** Releases every running turn and closes the Codex client the provider created (not one it was given). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const turn of this.store.activeTurns()) turn.release("the Codex provider was closed");
    if (this.owned) await this.client?.close();
  }
}
