import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CallToolResult, Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterEach, describe, expect, test } from "vitest";
import { CLI } from "./support/bridge.js";
import { MODERN } from "./support/modern-client.js";

const dirs: string[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A `codex_run` through the real bin, started with exactly `env` (as a host that passes little on). */
async function runThrough(args: string[], env: Record<string, string>, cwd: string): Promise<string> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...args],
    env,
    cwd,
    stderr: "pipe",
  });
  const client = new Client(
    { name: "advice-test", version: "1.0.0" },
    { versionNegotiation: { mode: { pin: MODERN } } },
  );
  clients.push(client);
  await client.connect(transport);
  const result = (await client.callTool({
    name: "codex_run",
    arguments: { prompt: "hello" },
  })) as CallToolResult;
  expect(result.isError).toBe(true);
  return result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}

async function bare(): Promise<{ home: string; env: Record<string, string> }> {
  const home = await mkdtemp(join(tmpdir(), "codexkit-mcp-advice-"));
  dirs.push(home);
  return { home, env: { PATH: process.env.PATH ?? "", HOME: home } };
}

describe("errors tell the MCP host's operator what to do", () => {
  test("not logged in, no CODEX_HOME in the server's env: names the default home it used, codex login, and the env to set", async () => {
    const { home, env } = await bare();
    const text = await runThrough(["--log-level", "warn"], env, home);
    expect(text).toContain(
      `Codex is not logged in: the bridge uses the default CODEX_HOME ${join(home, ".codex")}`,
    );
    expect(text).toContain("CODEX_HOME is not set in the bridge's environment");
    expect(text).toContain('set it in the server\'s "env"');
    expect(text).toContain("`npx @openai/codex login`");
    expect(text).toContain("`printenv OPENAI_API_KEY | npx @openai/codex login --with-api-key`");
    expect(text).toContain("--scripted");
    expect(text).toContain('The model provider "openai" needs an OpenAI login');
    // Not the advice for SDK users, which an MCP user cannot act on.
    expect(text).not.toMatch(/loginApiKey|loginChatgpt|await codex\./);
  });

  test("not logged in with CODEX_HOME set: names that home", async () => {
    const { home, env } = await bare();
    const codexHome = join(home, "codex-home");
    await mkdir(codexHome);
    const text = await runThrough([], { ...env, CODEX_HOME: codexHome }, home);
    expect(text).toContain(
      `Codex is not logged in: the bridge uses CODEX_HOME ${codexHome} (from the bridge's environment)`,
    );
    expect(text).not.toMatch(/loginApiKey|await codex\./);
  });

  test("a codex binary that is not there: says which flag or env entry names one", async () => {
    const { home, env } = await bare();
    const text = await runThrough(["--codex-path", join(home, "no-such-codex")], env, home);
    expect(text).toContain("The codex binary was not found");
    expect(text).toContain('--codex-path PATH (or CODEXKIT_MCP_CODEX_PATH in the MCP server\'s "env")');
    expect(text).toContain(`codexPath option: ${join(home, "no-such-codex")} (does not exist)`);
    expect(text).not.toContain("pass { codexPath }");
  });
});
