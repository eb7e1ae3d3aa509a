import { delimiter } from "node:path";
import { describe, expect, test } from "vitest";
import { parseCommandLine } from "../src/cli-options.js";
import { ConfigurationError } from "../src/errors.js";

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
      ],
      {},
    );
    expect(command).toEqual({
      kind: "serve",
      httpPort: undefined,
      logLevel: "debug",
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
    };
    const fromEnv = parseCommandLine([], env);
    expect(fromEnv).toMatchObject({
      httpPort: 8123,
      logLevel: "info",
      bridge: {
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
      logLevel: "info",
      bridge: { policy: {}, codexOptions: {} },
    });
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
    [["--frobnicate"], /Unknown option '--frobnicate'/],
    [["positional"], /Unexpected argument 'positional'/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseCommandLine(argv, {})).toThrow(ConfigurationError);
    expect(() => parseCommandLine(argv, {})).toThrow(message);
  });
});
