import { InvalidInputError } from "@codexkit/core";
import type { Session } from "../session/session.js";
import { ChatgptLoginHandle, DeviceCodeLoginHandle } from "./login.js";

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
