import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createTestCodex, scaledTimeout } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { main } from "../src/login.js";
import { startFakeAuthIssuer } from "../src/support/fake-auth-issuer.js";
import { captureOutput } from "./support/capture.js";

const KEY = "sk-test-login-example-0123456789";
/** The scripted provider requires OpenAI auth, so account/read reports what was logged in. */
const home = { extraConfig: { model_providers: { mock: { requires_openai_auth: true } } } };

describe("login example", () => {
  it("logs in with an API key without ever printing it", async () => {
    await using t = await createTestCodex({ home, codex: { env: { OPENAI_API_KEY: undefined } } });
    expect((await t.codex.account()).account).toBeNull();
    const out = captureOutput();

    const outcome = await main({ codex: t.codex, out, apiKey: KEY });

    expect(outcome.apiKeyAccount).toBe("apiKey");
    expect((await t.codex.account()).account).toEqual({ type: "apiKey" });
    expect(await readFile(join(t.home.path, "auth.json"), "utf8")).toContain(KEY);
    expect(out.text).toBe("logged in with an API key; account: apiKey\n");
  });

  it("prints the device-code URL and code, then cancels when nobody signs in before the deadline", async () => {
    await using issuer = await startFakeAuthIssuer({ userCode: "TEST-1234", intervalSeconds: 1 });
    await using t = await createTestCodex({
      home,
      codex: { env: { CODEX_APP_SERVER_LOGIN_ISSUER: issuer.url, OPENAI_API_KEY: undefined } },
    });
    const out = captureOutput();

    // the issuer asks for a poll every second: the deadline leaves time for the first one
    const outcome = await main({
      codex: t.codex,
      out,
      deviceCode: true,
      deviceCodeTimeoutMs: scaledTimeout(3_000),
    });

    expect(outcome.deviceCode).toEqual({
      verificationUrl: `${issuer.url}/codex/device`,
      userCode: "TEST-1234",
      outcome: "timedOut",
    });
    expect(out.text).toContain(`  1. open ${issuer.url}/codex/device\n  2. enter the code TEST-1234\n`);
    expect(out.text).toContain("login cancelled");
    expect(issuer.requests[0]).toMatchObject({
      method: "POST",
      path: "/api/accounts/deviceauth/usercode",
      body: { client_id: expect.any(String) },
    });
    expect(issuer.requests[1]).toMatchObject({
      path: "/api/accounts/deviceauth/token",
      body: { user_code: "TEST-1234" },
    });
    // cancelling stopped the polling: after a poll already on its way has landed, two more poll intervals
    // pass without one
    await sleep(1000);
    const polls = issuer.polls;
    await sleep(2000);
    expect(issuer.polls).toBe(polls);
    expect((await t.codex.account()).account).toBeNull();
  });

  it("reports a refused device-code login as failed", async () => {
    await using issuer = await startFakeAuthIssuer({ poll: "deny" });
    await using t = await createTestCodex({
      home,
      codex: { env: { CODEX_APP_SERVER_LOGIN_ISSUER: issuer.url, OPENAI_API_KEY: undefined } },
    });
    const out = captureOutput();

    const outcome = await main({
      codex: t.codex,
      out,
      deviceCode: true,
      deviceCodeTimeoutMs: scaledTimeout(10_000),
    });

    expect(outcome.deviceCode?.outcome).toBe("failed");
    expect(outcome.deviceCode?.error).toMatch(/400/);
    expect(out.text).toMatch(/login failed: .*400/);
  });
});
