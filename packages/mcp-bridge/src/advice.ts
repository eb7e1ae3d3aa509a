import { homedir } from "node:os";
import { join } from "node:path";
import { CodexError } from "@codexkit/node";

/** Which `CODEX_HOME` the bridge's codex uses, and where that choice came from. */
export interface CodexHomeInfo {
  /** The directory. */
  path: string;
  /** `"option"`: set in the bridge's options; `"env"`: the bridge's `CODEX_HOME`; `"default"`: `~/.codex`. */
  source: "option" | "env" | "default";
}

/** The `CODEX_HOME` a bridge with these settings uses. */
export function codexHomeOf(
  codexHome: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): CodexHomeInfo {
  if (codexHome) return { path: codexHome, source: "option" };
  const fromEnv = env.CODEX_HOME?.trim();
  if (fromEnv) return { path: fromEnv, source: "env" };
  return { path: join(homedir(), ".codex"), source: "default" };
}

function describeHome(home: CodexHomeInfo): string {
  switch (home.source) {
    case "option":
      return `CODEX_HOME ${home.path}`;
    case "env":
      return `CODEX_HOME ${home.path} (from the bridge's environment)`;
    case "default":
      return (
        `the default CODEX_HOME ${home.path} (CODEX_HOME is not set in the bridge's environment; some hosts, ` +
        'e.g. MCP Inspector, pass on only a few of their environment variables: set it in the server\'s "env")'
      );
  }
}

/** What went wrong, and what to do about it. */
export interface Advice {
  /** What the person who configured the MCP host can do, in the host's terms. */
  advice: string;
  /** The error's own message, without the advice it gives to SDK users (`await codex.loginApiKey(…)`). */
  detail: string;
}

/**
 * What the person who configured the MCP host can do about `error`, in the host's terms (the server's
 * command line and `env`, not SDK calls); `undefined` when there is nothing specific to say.
 */
export function adviceFor(error: unknown, home: CodexHomeInfo): Advice | undefined {
  if (!(error instanceof CodexError)) return undefined;
  const advice = adviceText(error, home);
  if (advice === undefined) return undefined;
  return { advice, detail: withoutSdkAdvice(error) };
}

/** The SDK's message without the sentence that tells SDK users what to call. */
function withoutSdkAdvice(error: CodexError): string {
  switch (error.code) {
    case "not_logged_in":
      return error.message.replace(/\s*Log in first:[\s\S]*$/, "");
    case "binary_not_found":
      return error.message.replace(
        /\n?Install @openai\/codex, pass \{ codexPath \}, or set CODEX_PATH\.\s*$/,
        "",
      );
    default:
      return error.message;
  }
}

function adviceText(error: CodexError, home: CodexHomeInfo): string | undefined {
  switch (error.code) {
    case "not_logged_in":
      return (
        `Codex is not logged in: the bridge uses ${describeHome(home)}, which has no login. Log in once with ` +
        "that CODEX_HOME: `npx @openai/codex login` (ChatGPT account) or " +
        "`printenv OPENAI_API_KEY | npx @openai/codex login --with-api-key` (API key); or set CODEX_HOME in the " +
        'MCP server\'s "env" to a Codex home that is logged in (an OPENAI_API_KEY in the environment alone is ' +
        "not used). To try the bridge without an account, start it with --scripted."
      );
    case "binary_not_found":
      return (
        "The codex binary was not found: reinstall @codexkit/mcp-bridge (it brings @openai/codex), or name one " +
        'with --codex-path PATH (or CODEXKIT_MCP_CODEX_PATH in the MCP server\'s "env").'
      );
    case "startup_failed":
      return (
        `codex app-server did not start (with ${describeHome(home)}). Check that CODEX_HOME's config.toml is ` +
        "valid, that the codex binary runs (--codex-path, CODEXKIT_MCP_CODEX_PATH), and the bridge's stderr " +
        "(--log-level debug)."
      );
    case "process_exited":
      return "codex app-server exited; the bridge starts a new one on the next call. Its stderr is in the bridge's log.";
    default:
      return undefined;
  }
}
