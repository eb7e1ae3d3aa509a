import {
  type AccountLoginCompletedNotification,
  type CancelLoginAccountResponse,
  InvalidInputError,
} from "@codexkit/core";
import type { Session } from "../session/session.js";

// Logging in: the start of each flow (API key, browser, device code) and the handles of a ChatGPT login.

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

/** @internal Refuses an API key that is not a non-empty string, before anything is sent. */
export function checkApiKey(apiKey: unknown): asserts apiKey is string {
  if (typeof apiKey !== "string" || apiKey.trim() === "")
    throw new InvalidInputError("apiKey must be a non-empty string");
}

/** @internal Logs in with an API key (`account/login/start`) and forgets the cached account check. */
export async function loginWithApiKey(session: Session, apiKey: string): Promise<void> {
  const response = await session.request("account/login/start", { type: "apiKey", apiKey });
  if (response.type !== "apiKey") throw unexpectedLoginResponse(response.type);
  session.accountCheck.clear();
}

/** @internal Starts a browser ChatGPT login and returns its handle. */
export async function startChatgptLogin(session: Session): Promise<ChatgptLoginHandle> {
  const response = await session.request("account/login/start", { type: "chatgpt" });
  if (response.type !== "chatgpt") throw unexpectedLoginResponse(response.type);
  session.loginQueue(response.loginId);
  return new ChatgptLoginHandle(session, response.loginId, response.authUrl);
}

/** @internal Starts a device-code ChatGPT login and returns its handle. */
export async function startDeviceCodeLogin(session: Session): Promise<DeviceCodeLoginHandle> {
  const response = await session.request("account/login/start", { type: "chatgptDeviceCode" });
  if (response.type !== "chatgptDeviceCode") throw unexpectedLoginResponse(response.type);
  session.loginQueue(response.loginId);
  return new DeviceCodeLoginHandle(session, response.loginId, response.verificationUrl, response.userCode);
}

function unexpectedLoginResponse(type: string): InvalidInputError {
  return new InvalidInputError(`unexpected login response type ${type}`);
}
