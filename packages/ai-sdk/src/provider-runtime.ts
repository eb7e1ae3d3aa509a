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
  private unfollow: (() => void) | undefined;
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
    if (client) this.follow(client);
  }

  /** The Codex client or pool (an app-server starts with the first request). */
  codex(): Codex | CodexPool {
    if (this.closed) throw new Error("this Codex provider was closed");
    if (!this.client) {
      this.client = new Codex(this.settings.codex as CodexOptions | undefined);
      this.follow(this.client);
    }
    return this.client;
  }

  /**
   * Follows the settings codex reports for the threads of the provider's conversations, so a change made by
   * another turn (of any client) is known. A pool reports none: there, only what the provider set is known.
   */
  private follow(client: Codex | CodexPool): void {
    if (!(client instanceof Codex)) return;
    this.unfollow = client.onNotification((notification) => {
      if (notification.method !== "thread/settings/updated") return;
      const { threadId, threadSettings } = notification.params;
      this.store.peek(threadId)?.turnSettings.reported(threadSettings);
    });
  }

  /** Releases every running turn and closes the Codex client the provider created (not one it was given). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unfollow?.();
    for (const turn of this.store.activeTurns()) turn.release("the Codex provider was closed");
    if (this.owned) await this.client?.close();
  }
}
