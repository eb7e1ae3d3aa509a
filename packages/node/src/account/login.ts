import type { AccountLoginCompletedNotification, CancelLoginAccountResponse } from "@codexkit/core";
import type { Session } from "../session/session.js";

/**
 * A ChatGPT login in progress (browser flow). Open {@link ChatgptLoginHandle.authUrl}, then
 * {@link ChatgptLoginHandle.wait} for the outcome, or {@link ChatgptLoginHandle.cancel} it.
 */
export class ChatgptLoginHandle {
  /** @internal */
  protected readonly session: Session;

  /** @internal */
  constructor(
    session: Session,
    /** Identifies this login attempt. */
    readonly loginId: string,
    /** The URL the user opens to log in. */
    readonly authUrl: string,
  ) {
    this.session = session;
  }

  /**
   * Resolves with this attempt's `account/login/completed` (only its own): `success` says how it went.
   * Does not reject on `success: false`.
   */
  async wait(options: { signal?: AbortSignal } = {}): Promise<AccountLoginCompletedNotification> {
    const queue = this.session.loginQueue(this.loginId);
    const { signal } = options;
    try {
      const next = queue.next();
      const result = signal
        ? await Promise.race([
            next,
            new Promise<never>((_, reject) => {
              if (signal.aborted) reject(signal.reason);
              signal.addEventListener("abort", () => reject(signal.reason), { once: true });
            }),
          ])
        : await next;
      if (result.done) throw new Error(`login ${this.loginId} ended without a completion`);
      return result.value;
    } finally {
      this.session.forgetLogin(this.loginId);
    }
  }

  /** Cancels the login (`account/login/cancel`). */
  cancel(): Promise<CancelLoginAccountResponse> {
    return this.session.request("account/login/cancel", { loginId: this.loginId });
  }
}

/** A ChatGPT device-code login: show {@link DeviceCodeLoginHandle.verificationUrl} and the {@link DeviceCodeLoginHandle.userCode}. */
export class DeviceCodeLoginHandle extends ChatgptLoginHandle {
  /** @internal */
  constructor(
    session: Session,
    loginId: string,
    /** Where the user enters the code. */
    readonly verificationUrl: string,
    /** The code the user enters. */
    readonly userCode: string,
  ) {
    super(session, loginId, verificationUrl);
  }
}
