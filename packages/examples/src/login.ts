/**
 * Logging in: with an API key (done at once), or with ChatGPT through a device code: print the URL and the
 * one-time code, wait for the user to finish in a browser, and give up (cancel) after a deadline.
 *
 *   pnpm --filter @codexkit/examples run example:login                  # API key login
 *   pnpm --filter @codexkit/examples run example:login -- --device-code # also a ChatGPT device-code login
 *
 * Without OPENAI_API_KEY it runs offline: a placeholder key, and a device-code login against a local
 * stand-in for the sign-in service that never completes, so the example shows the cancel path.
 */
import type { Codex } from "@codexkit/node";
import { apiKeyFrom, isMain, runExample } from "./support/environment.js";
import { startFakeAuthIssuer } from "./support/fake-auth-issuer.js";
import { type Output, println } from "./support/output.js";

/** Options of {@link main}. */
export interface LoginOptions {
  codex: Codex;
  out?: Output;
  /** Log in with this API key. */
  apiKey?: string;
  /** Also start a ChatGPT device-code login. */
  deviceCode?: boolean;
  /** How long to wait for the user to finish the device-code login, in ms. Default 15 minutes. */
  deviceCodeTimeoutMs?: number;
}

/** How the device-code login ended. */
export interface DeviceCodeOutcome {
  verificationUrl: string;
  userCode: string;
  outcome: "success" | "failed" | "timedOut";
  error?: string;
}

/** What the example did. */
export interface LoginOutcome {
  /** The account type after the API-key login (`"apiKey"`), if one was done. */
  apiKeyAccount?: string | undefined;
  deviceCode?: DeviceCodeOutcome;
}

async function loginWithApiKey(codex: Codex, apiKey: string, out: Output): Promise<string | undefined> {
  await codex.loginApiKey(apiKey); // the key is redacted from every error and stderr tail
  const { account } = await codex.account();
  println(out, `logged in with an API key; account: ${account?.type ?? "none"}`);
  return account?.type;
}

async function loginWithDeviceCode(codex: Codex, timeoutMs: number, out: Output): Promise<DeviceCodeOutcome> {
  const login = await codex.loginChatgptDeviceCode();
  const { verificationUrl, userCode } = login;
  println(out, "To sign in with ChatGPT:");
  println(out, `  1. open ${verificationUrl}`);
  println(out, `  2. enter the code ${userCode}`);
  println(out, `waiting up to ${Math.round(timeoutMs / 1000)} s…`);
  try {
    const completed = await login.wait({ signal: AbortSignal.timeout(timeoutMs) });
    if (completed.success) {
      println(out, "logged in with ChatGPT");
      return { verificationUrl, userCode, outcome: "success" };
    }
    println(out, `login failed: ${completed.error ?? "unknown error"}`);
    return {
      verificationUrl,
      userCode,
      outcome: "failed",
      ...(completed.error ? { error: completed.error } : {}),
    };
  } catch (error) {
    if (!(error instanceof Error && error.name === "TimeoutError")) throw error;
    await login.cancel(); // stop the server's polling
    println(out, "no sign-in before the deadline; login cancelled");
    return { verificationUrl, userCode, outcome: "timedOut" };
  }
}

export async function main({
  codex,
  out = process.stdout,
  apiKey,
  deviceCode = false,
  deviceCodeTimeoutMs = 15 * 60_000,
}: LoginOptions): Promise<LoginOutcome> {
  const outcome: LoginOutcome = {};
  if (apiKey !== undefined) outcome.apiKeyAccount = await loginWithApiKey(codex, apiKey, out);
  if (deviceCode) outcome.deviceCode = await loginWithDeviceCode(codex, deviceCodeTimeoutMs, out);
  return outcome;
}

if (isMain(import.meta.url)) {
  const realKey = apiKeyFrom();
  const wantsDeviceCode = process.argv.includes("--device-code");
  if (realKey !== undefined) {
    void runExample("login", { login: false }, async ({ codex }) => {
      const outcome = await main({ codex, apiKey: realKey, deviceCode: wantsDeviceCode });
      return outcome.apiKeyAccount === "apiKey" && outcome.deviceCode?.outcome !== "failed";
    });
  } else {
    const issuer = await startFakeAuthIssuer();
    await runExample(
      "login",
      {
        // the scripted provider asks for OpenAI auth, so `account/read` reports the login
        home: { extraConfig: { model_providers: { mock: { requires_openai_auth: true } } } },
        codex: { env: { CODEX_APP_SERVER_LOGIN_ISSUER: issuer.url } },
      },
      async ({ codex }) => {
        const outcome = await main({
          codex,
          apiKey: "sk-placeholder-offline-example-key",
          deviceCode: true,
          deviceCodeTimeoutMs: 3000,
        });
        return outcome.apiKeyAccount === "apiKey" && outcome.deviceCode?.outcome === "timedOut";
      },
    );
    await issuer.close();
  }
}
