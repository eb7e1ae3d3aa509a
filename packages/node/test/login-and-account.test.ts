import { InternalRpcError, InvalidInputError, type Notification } from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

/**
 * Login tests run offline. What cannot be tested here:
 * - completing a ChatGPT login (browser or device code) needs auth.openai.com and a real account;
 * - the device-code flow cannot even start: its first step is an HTTPS request for a user code. The tests
 *   route HTTPS to a closed local port (HTTPS_PROXY), so it fails fast and deterministically, and assert
 *   that the error says what went wrong.
 * OPENAI_API_KEY is blanked so that a key in the developer's environment cannot leak in.
 */
const OFFLINE_ENV = {
  OPENAI_API_KEY: "",
  HTTPS_PROXY: "http://127.0.0.1:9",
  https_proxy: "http://127.0.0.1:9",
};

/** The mock provider requires OpenAI auth, so `account/read` reports the API-key login. */
const REQUIRES_AUTH = { extraConfig: { model_providers: { mock: { requires_openai_auth: true } } } };

describe("API-key login", () => {
  it("logs in offline, shows in account(), and logs out", async () => {
    await using t = await createTestCodex({ home: REQUIRES_AUTH, codex: { env: OFFLINE_ENV } });
    const notifications: Notification[] = [];
    t.codex.onNotification((n) => notifications.push(n));

    const before = await t.codex.account();
    expect(before).toMatchObject({ account: null, requiresOpenaiAuth: true });

    await t.codex.loginApiKey("sk-test-offline-123");
    expect((await t.codex.account()).account).toEqual({ type: "apiKey" });
    expect(notifications).toContainEqual(
      expect.objectContaining({
        method: "account/login/completed",
        params: expect.objectContaining({ success: true, loginId: null }),
      }),
    );
    expect(notifications).toContainEqual(
      expect.objectContaining({
        method: "account/updated",
        params: expect.objectContaining({ authMode: "apikey" }),
      }),
    );

    // the key is sent to the model provider
    t.model.enqueue(Reply.message("authorised"));
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    expect((await thread.run("hi")).finalResponse).toBe("authorised");
    expect(t.model.request(0).headers.authorization).toBe("Bearer sk-test-offline-123");

    await t.codex.logout();
    expect((await t.codex.account()).account).toBeNull();
  });

  it("refuses an empty key before sending anything", async () => {
    await using t = await createTestCodex({ home: REQUIRES_AUTH, codex: { env: OFFLINE_ENV } });
    await expect(t.codex.loginApiKey("")).rejects.toBeInstanceOf(InvalidInputError);
    await expect(t.codex.loginApiKey("   ")).rejects.toBeInstanceOf(InvalidInputError);
    expect((await t.codex.account()).account).toBeNull();
  });
});

describe("ChatGPT login", () => {
  it("browser flow: a handle with loginId and a local redirect; cancel() then wait() reports failure", async () => {
    await using t = await createTestCodex({ codex: { env: OFFLINE_ENV } });
    const handle = await t.codex.loginChatgpt();
    expect(handle.loginId).toMatch(/\S/);
    expect(handle.authUrl).toContain("redirect_uri=http");
    const redirect = new URL(handle.authUrl).searchParams.get("redirect_uri");
    expect(new URL(redirect ?? "").hostname).toMatch(/^(127\.0\.0\.1|localhost)$/);

    expect(await handle.cancel()).toEqual({ status: "canceled" });
    const completion = await handle.wait();
    expect(completion.loginId).toBe(handle.loginId);
    expect(completion.success).toBe(false);
    expect(completion.error).toMatch(/not completed/i);
    expect(t.codex.stats().loginQueues).toBe(0);
    // cancelling again finds nothing to cancel
    expect(await handle.cancel()).toEqual({ status: "notFound" });
  });

  it("wait() can be abandoned with an AbortSignal", async () => {
    await using t = await createTestCodex({ codex: { env: OFFLINE_ENV } });
    const handle = await t.codex.loginChatgpt();
    const controller = new AbortController();
    const waiting = handle.wait({ signal: controller.signal });
    controller.abort(new Error("gave up"));
    await expect(waiting).rejects.toThrow("gave up");
    await handle.cancel();
  });

  it("device code cannot start offline, and says why", async () => {
    await using t = await createTestCodex({ codex: { env: OFFLINE_ENV } });
    const error = await t.codex.loginChatgptDeviceCode().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalRpcError);
    expect((error as InternalRpcError).method).toBe("account/login/start");
    expect((error as InternalRpcError).rpcMessage).toMatch(/failed to request device code/);
    // the client is still usable
    expect((await t.codex.account()).account).toBeNull();
  });
});
