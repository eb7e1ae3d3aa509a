import { delimiter } from "node:path";
import { describe, expect, test } from "vitest";
import { parseCommandLine } from "../src/cli-options.js";
import { ConfigurationError } from "../src/errors.js";
import { readTokens } from "../src/http-auth.js";

describe("command line", () => {
  test("flags map to bridge options", () => {
    const command = parseCommandLine(
      [
        "--sandbox",
        "workspace-write",
        "--approval-policy",
        "untrusted",
        "--allow-root",
        "/a",
        "--allow-root",
        "/b",
        "--model",
        "gpt-5.5",
        "--codex-path",
        "/opt/codex",
        "--config",
        'model_reasoning_effort="high"',
        "--config",
        "features.plugins=false",
        "--timeout",
        "90",
        "--approval-timeout",
        "30",
        "--max-prompt-bytes",
        "2048",
        "--progress-interval",
        "0",
        "--log-level",
        "debug",
        "--max-runs",
        "8",
        "--max-runs-per-session",
        "2",
        "--expose-existing-threads",
        "--http-token-file",
        "/etc/codexkit/tokens",
      ],
      {},
    );
    expect(command).toEqual({
      kind: "serve",
      httpPort: undefined,
      httpAuth: { kind: "file", path: "/etc/codexkit/tokens" },
      logLevel: "debug",
      scripted: false,
      bridge: {
        policy: { sandbox: "workspace-write", approvalPolicy: "untrusted", allowedRoots: ["/a", "/b"] },
        codexOptions: {
          codexPath: "/opt/codex",
          config: ['model_reasoning_effort="high"', "features.plugins=false"],
        },
        model: "gpt-5.5",
        timeoutMs: 90_000,
        approvalTimeoutMs: 30_000,
        maxPromptBytes: 2048,
        progressIntervalMs: 0,
        maxRuns: 8,
        maxRunsPerSession: 2,
        exposeExistingThreads: true,
      },
    });
  });

  test("the environment sets the same options; flags win", () => {
    const env = {
      CODEXKIT_MCP_SANDBOX: "workspace-write",
      CODEXKIT_MCP_APPROVAL_POLICY: "never",
      CODEXKIT_MCP_ALLOW_ROOTS: ["/x", "/y"].join(delimiter),
      CODEXKIT_MCP_CONFIG: "a=1\nb=2",
      CODEXKIT_MCP_TIMEOUT: "0",
      CODEXKIT_MCP_HTTP_PORT: "8123",
      CODEXKIT_MCP_MODEL: "",
      CODEXKIT_MCP_HTTP_TOKEN_ENV: "MY_TOKEN",
      CODEXKIT_MCP_EXPOSE_EXISTING_THREADS: "1",
    };
    const fromEnv = parseCommandLine([], env);
    expect(fromEnv).toMatchObject({
      httpPort: 8123,
      httpAuth: { kind: "env", name: "MY_TOKEN" },
      logLevel: "info",
      bridge: {
        exposeExistingThreads: true,
        policy: { sandbox: "workspace-write", approvalPolicy: "never", allowedRoots: ["/x", "/y"] },
        codexOptions: { config: ["a=1", "b=2"] },
        timeoutMs: 0,
      },
    });
    expect(fromEnv.kind === "serve" && fromEnv.bridge.model).toBeUndefined();
    const flagsWin = parseCommandLine(["--sandbox", "read-only", "--allow-root", "/z"], env);
    expect(flagsWin).toMatchObject({ bridge: { policy: { sandbox: "read-only", allowedRoots: ["/z"] } } });
  });

  test("defaults leave every choice to the policy and the bridge", () => {
    expect(parseCommandLine([], {})).toEqual({
      kind: "serve",
      httpPort: undefined,
      httpAuth: { kind: "generate" },
      logLevel: "info",
      scripted: false,
      bridge: { policy: {}, codexOptions: {} },
    });
    expect(parseCommandLine(["--http-insecure-no-auth"], {})).toMatchObject({ httpAuth: { kind: "none" } });
    expect(parseCommandLine(["--help"], {})).toEqual({ kind: "help" });
    expect(parseCommandLine(["-v"], {})).toEqual({ kind: "version" });
  });

  test.each([
    [["--sandbox", "everything"], /unknown sandbox "everything"/],
    [["--approval-policy", "always"], /unknown approval policy "always"/],
    [["--timeout", "soon"], /--timeout expects a non-negative number/],
    [["--timeout=-1"], /--timeout expects a non-negative number/],
    [["--http", "99999"], /--http expects a port number/],
    [["--config", "no-equals"], /--config expects KEY=VALUE/],
    [["--log-level", "loud"], /--log-level must be one of/],
    [["--max-runs", "0"], /--max-runs expects a whole number of at least 1/],
    [["--max-runs-per-session", "1.5"], /--max-runs-per-session expects a whole number/],
    [
      ["--http-token-env", "T", "--http-insecure-no-auth"],
      /choose one of --http-token-file, --http-token-env and --http-insecure-no-auth/,
    ],
    [["--frobnicate"], /Unknown option '--frobnicate'/],
    [["positional"], /Unexpected argument 'positional'/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseCommandLine(argv, {})).toThrow(ConfigurationError);
    expect(() => parseCommandLine(argv, {})).toThrow(message);
  });
});

describe("bearer tokens", () => {
  test("a token file holds one token per line (comments and blanks skipped); an env var holds one", async () => {
    const { mkdtemp, writeFile, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = await mkdtemp(join(tmpdir(), "codexkit-tokens-"));
    try {
      const file = join(dir, "tokens");
      await writeFile(file, "# callers\nalice-0123456789abcdef\n\n  bob-0123456789abcdef  \n");
      expect(readTokens({ kind: "file", path: file }, {})).toEqual([
        "alice-0123456789abcdef",
        "bob-0123456789abcdef",
      ]);
      await writeFile(file, "short\n");
      expect(() => readTokens({ kind: "file", path: file }, {})).toThrow(/at least 16 characters/);
      expect(() => readTokens({ kind: "file", path: join(dir, "missing") }, {})).toThrow(
        /cannot read .*ENOENT/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(readTokens({ kind: "env", name: "T" }, { T: "env-token-0123456789" })).toEqual([
      "env-token-0123456789",
    ]);
    expect(() => readTokens({ kind: "env", name: "T" }, {})).toThrow(/T is not set/);
    // The error for a short token never repeats it.
    expect(() => readTokens({ kind: "env", name: "T" }, { T: "secret-short" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("secret-short") }),
    );
  });
});
