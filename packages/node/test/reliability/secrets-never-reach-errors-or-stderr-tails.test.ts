import {
  type CodexError,
  JsonRpcError,
  type Notification,
  ProcessExitedError,
  StartupError,
  TurnFailedError,
  type TurnResult,
} from "@codexkit/node";
import { createTestCodex, Reply, scaledTimeout } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { fakeCodex } from "./support/fake.js";

const LOGIN_KEY = "sk-proj-LoginKey0123456789abcdef"; // sk-… style
const PLAIN_KEY = "acme-live-7f3a9c2e51d04b88"; // no recognisable pattern: only known because it was given
const ENV_SK_KEY = "sk-EnvKey9876543210zyxwvu";
const ENV_PLAIN_SECRET = "org-plain-secret-31415926";
const SECRETS = [LOGIN_KEY, PLAIN_KEY, ENV_SK_KEY, ENV_PLAIN_SECRET];

/** Every string an error exposes: message, stack, stderr tail, the server's message, and its causes'. */
function exposedText(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 4) return String(error);
  const fields = error as unknown as Record<string, unknown>;
  const own = ["message", "stack", "stderrTail", "rpcMessage", "line"].map((key) =>
    String(fields[key] ?? ""),
  );
  return [...own, exposedText(error.cause, depth + 1)].join("\n");
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe.concurrent("secrets (API keys given to loginApiKey or in the environment)", () => {
  it("the real app-server: a model error that quotes the key, and a crash with secrets in the environment, expose it nowhere", async () => {
    await using t = await createTestCodex({
      script: [
        Reply.httpError(401, {
          body: { error: { message: `Incorrect API key provided: ${LOGIN_KEY}`, code: "invalid_api_key" } },
        }),
        Reply.stall(),
      ],
      codex: { env: { RUST_LOG: "debug", OPENAI_API_KEY: ENV_SK_KEY, ACME_API_KEY: ENV_PLAIN_SECRET } },
    });
    await t.codex.loginApiKey(LOGIN_KEY);
    const notifications: Notification[] = [];
    t.codex.onNotification((n) => notifications.push(n));
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const handle = await thread.turn("hello");
    const streamed: Notification[] = [];
    for await (const event of handle.stream()) streamed.push(event);
    const failure = await handle.run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TurnFailedError);
    const result: TurnResult = (failure as TurnFailedError).result;
    // the failed turn's error (whose message quotes the server's) is redacted too
    expectNoSecret((failure as TurnFailedError).message);

    expect(result.status).toBe("failed");
    expect(result.error?.message).toMatch(/401 Unauthorized: Incorrect API key provided: \[REDACTED\]/);
    expect(streamed.map((event) => event.method)).toContain("error");
    expectNoSecret(JSON.stringify(result));
    expectNoSecret(JSON.stringify(streamed));
    expectNoSecret(JSON.stringify(notifications));

    const stalled = thread.run("stall").catch((e: unknown) => e);
    await t.model.waitForRequests(2, { timeoutMs: scaledTimeout(20_000) });
    process.kill(t.codex.pid!, "SIGKILL");
    const crash = (await stalled) as ProcessExitedError;
    expect(crash).toBeInstanceOf(ProcessExitedError);
    expect(crash.stderrTail?.length).toBeGreaterThan(0);
    expectNoSecret(exposedText(crash));
  });

  it("a server error that quotes the key given to loginApiKey, and the server's stderr, are redacted", async () => {
    await using fake = await fakeCodex({ FAKE_LOGIN_ERROR_ECHO: "1" });
    for (const key of [LOGIN_KEY, PLAIN_KEY]) {
      const error = await fake.codex.loginApiKey(key).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JsonRpcError);
      expect((error as JsonRpcError).rpcMessage).toBe("Invalid request: the API key [REDACTED] was rejected");
      expectNoSecret(exposedText(error));
    }
    const thread = await fake.codex.threadStart();
    process.kill(fake.codex.pid!, "SIGKILL");
    const crash = await thread.run("after the crash").catch((e: unknown) => e);
    expect(crash).toBeInstanceOf(ProcessExitedError);
    expect((crash as ProcessExitedError).stderrTail).toContain("rejecting login with key [REDACTED]");
    expectNoSecret(exposedText(crash));
  });

  it("secrets in the environment that the server prints to stderr and stdout: not in the start-up error, its stderr tail, or the malformed-line reports", async () => {
    await using fake = await fakeCodex({
      FAKE_MODE: "exit-at-once",
      FAKE_PRINT_ENV: "OPENAI_API_KEY,ACME_API_KEY,GITHUB_TOKEN",
      FAKE_PRINT_ENV_TO_STDOUT: "1",
      OPENAI_API_KEY: ENV_SK_KEY,
      ACME_API_KEY: ENV_PLAIN_SECRET,
      GITHUB_TOKEN: PLAIN_KEY,
    });
    const error = (await fake.codex.start().catch((e: unknown) => e)) as StartupError;
    expect(error).toBeInstanceOf(StartupError);
    expect(error.stderrTail).toContain("env OPENAI_API_KEY=[REDACTED]");
    expect(error.stderrTail).toContain("env ACME_API_KEY=[REDACTED]");
    expect(error.stderrTail).toContain("env GITHUB_TOKEN=[REDACTED]");
    expectNoSecret(exposedText(error));
    expect(fake.malformed.length).toBeGreaterThanOrEqual(1);
    for (const report of fake.malformed) expectNoSecret(exposedText(report as CodexError));
  });
});
