import { codexHomeOf } from "./advice.js";

/** How an MCP host starts the bridge over stdio: the `mcpServers` entry of most hosts. */
export interface HostServerConfig {
  /** The executable (an absolute path to node). */
  command: string;
  /** Its arguments: the bin's absolute path, then the bridge's flags. */
  args: string[];
  /** Environment to set explicitly (hosts, e.g. MCP Inspector, pass on only a few of their own variables). */
  env: Record<string, string>;
}

/**
 * The host configuration that starts this installation of the bridge (`bin`, run by `node`) with `args`.
 * Without `--scripted` it names the `CODEX_HOME` explicitly (the one this environment would use), so that a
 * host which does not pass its environment on still uses the same login.
 */
export function hostServerConfig(
  node: string,
  bin: string,
  args: readonly string[],
  scripted: boolean,
  env: Readonly<Record<string, string | undefined>>,
): HostServerConfig {
  return {
    command: node,
    args: [bin, ...args],
    env: scripted ? {} : { CODEX_HOME: codexHomeOf(undefined, env).path },
  };
}

/** The configuration as `{"mcpServers": {"codexkit": …}}` JSON (Claude Code, Cursor, Inspector `--config`). */
export function mcpServersJson(config: HostServerConfig, name = "codexkit"): string {
  return JSON.stringify({ mcpServers: { [name]: config } }, null, 2);
}

/** Where the JSON goes in each host, and the same server for VS Code and Codex. */
export function hostConfigNotes(config: HostServerConfig, name = "codexkit"): string {
  const vscode = JSON.stringify({ servers: { [name]: { type: "stdio", ...config } } }, null, 2);
  const tomlEnv = Object.entries(config.env)
    .map(([key, value]) => `${key} = ${JSON.stringify(value)}`)
    .join(", ");
  const toml = [
    `[mcp_servers.${name}]`,
    `command = ${JSON.stringify(config.command)}`,
    `args = [${config.args.map((arg) => JSON.stringify(arg)).join(", ")}]`,
    ...(tomlEnv ? [`env = { ${tomlEnv} }`] : []),
    "tool_timeout_sec = 1800",
  ].join("\n");
  return [
    "The JSON on stdout starts this installation of codexkit-mcp. Use it as:",
    "- Claude Code: .mcp.json in your project, or `claude mcp add-json codexkit '<the codexkit entry>'`",
    "- Cursor: .cursor/mcp.json",
    "- MCP Inspector: save it as a file, then `npx @modelcontextprotocol/inspector --config <file> --server codexkit`",
    "- VS Code (.vscode/mcp.json):",
    vscode,
    "- Codex (~/.codex/config.toml):",
    toml,
    "",
  ].join("\n");
}
