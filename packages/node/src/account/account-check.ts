import { type ClientMethod, type ClientParams, type ClientResult, JsonRpcError } from "@codexkit/core";
import { NotLoggedInError } from "../client/errors.js";

/** Sends a request on the session (the check's only need of it). */
type Request = <M extends ClientMethod>(method: M, params?: ClientParams<M>) => Promise<ClientResult<M>>;

/** What `account/read` said, plus the config's default provider when that matters. */
interface AccountState {
  /** The server's provider needs OpenAI auth and no account is logged in. */
  missing: boolean;
  /** The config's default model provider id (only read when `missing`). */
  defaultProvider?: string;
}

/**
 * Checks once per session, lazily (before the first turn), whether codex is logged in where its model
 * provider requires it. The answer is cached; logins, logouts and `account/updated` clear it.
 */
export class AccountCheck {
  private state: Promise<AccountState> | undefined;

  constructor(private readonly session: { readonly request: Request }) {}

  /** Forgets the cached answer (after a login, a logout or `account/updated`). */
  clear(): void {
    this.state = undefined;
  }

  /**
   * Resolves when a turn on `modelProvider` (the thread's, when known) may start; rejects with
   * {@link NotLoggedInError} when that provider is the default one, it requires OpenAI auth, and no account
   * is logged in. A server that cannot answer `account/read` is not refused here (the turn will tell).
   */
  async ensureLoggedIn(modelProvider: string | undefined): Promise<void> {
    const state = this.state ?? this.read();
    this.state = state;
    const { missing, defaultProvider } = await state.catch((error: unknown) => {
      this.state = undefined;
      throw error;
    });
    if (!missing) return;
    // account/read answers for the config's default provider; a thread on another one is not refused
    if (modelProvider !== undefined && defaultProvider !== undefined && modelProvider !== defaultProvider)
      return;
    throw new NotLoggedInError(modelProvider ?? defaultProvider ?? "openai");
  }

  private async read(): Promise<AccountState> {
    try {
      const account = await this.session.request("account/read", { refreshToken: false });
      if (account.account !== null || !account.requiresOpenaiAuth) return { missing: false };
      const { config } = await this.session.request("config/read", { includeLayers: false });
      return { missing: true, defaultProvider: config.model_provider ?? "openai" };
    } catch (error) {
      if (error instanceof JsonRpcError) return { missing: false };
      throw error;
    }
  }
}
