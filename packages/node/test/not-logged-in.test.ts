import { Codex, NotLoggedInError } from "@codexkit/node";
import { createCodexHome, createTestCodex, Reply, ScriptedModel } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

/**
 * A fresh CODEX_HOME without auth, whose default provider (the scripted model) requires OpenAI auth as
 * the real `openai` provider does: codex 0.171 reports `requiresOpenaiAuth: true` and no account. Nothing
 * leaves loopback: OPENAI_API_KEY is blanked and HTTPS goes to a closed local port.
 */
const OFFLINE_ENV = {
  OPENAI_API_KEY: "",
  CODEX_API_KEY: "",
  HTTPS_PROXY: "http://127.0.0.1:9",
  https_proxy: "http://127.0.0.1:9",
};
const REQUIRES_AUTH = { extraConfig: { model_providers: { mock: { requires_openai_auth: true } } } };

async function notLoggedIn(promise: Promise<unknown>): Promise<NotLoggedInError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NotLoggedInError);
  return error as NotLoggedInError;
}

describe("a turn on a provider that needs an OpenAI login, with none", () => {
  it("fails fast with NotLoggedInError naming the fix, sends the model nothing, and works after loginApiKey()", async () => {
    await using t = await createTestCodex({
      script: [Reply.message("logged in now")],
      home: REQUIRES_AUTH,
      codex: { env: OFFLINE_ENV },
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });

    const error = await notLoggedIn(thread.run("hello?"));
    expect(error.code).toBe("not_logged_in");
    expect(error.modelProvider).toBe("mock");
    expect(error.message).toContain("loginApiKey(");
    expect(error.message).toContain("codex login");
    // the cached answer refuses again, streamed turns, goals and reviews too
    await notLoggedIn(thread.turn("and again?"));
    await notLoggedIn(thread.startGoal("a goal"));
    await notLoggedIn(thread.review({ type: "uncommittedChanges" }));
    expect(t.model.requests).toHaveLength(0);

    // a login clears the cached answer: the next turn runs
    await t.codex.loginApiKey("sk-test-offline-not-logged-in");
    const result = await thread.run("hello?");
    expect(result.finalResponse).toBe("logged in now");
    expect(t.model.requests).toHaveLength(1);

    // a logout clears it too: refused again
    await t.codex.logout();
    await notLoggedIn(thread.run("after logout?"));
  });

  it("does not refuse a thread on another provider that needs no login", async () => {
    await using model = await ScriptedModel.start({ script: [Reply.message("no login needed")] });
    await using home = await createCodexHome({
      baseUrl: model.baseUrl,
      extraConfig: {
        model_providers: {
          mock: { requires_openai_auth: true },
          // a second provider on the same scripted model, without the requirement
          local: { name: "local", base_url: model.baseUrl, wire_api: "responses", request_max_retries: 0 },
        },
      },
    });
    await using codex = new Codex({ codexHome: home.path, env: { ...home.env, ...OFFLINE_ENV } });
    const other = await codex.threadStart({ cwd: home.workspace, modelProvider: "local" });
    expect(other.settings?.modelProvider).toBe("local");
    expect((await other.run("hello?")).finalResponse).toBe("no login needed");
    // while the default provider's threads are still refused
    const refused = await codex.threadStart({ cwd: home.workspace });
    await notLoggedIn(refused.run("hello?"));
  });
});
