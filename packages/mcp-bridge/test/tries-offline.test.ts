import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { scaledTimeout } from "@codexkit/testing";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterEach, describe, expect, test } from "vitest";
import type { RunResult } from "../src/index.js";
import { CLI } from "./support/bridge.js";
import { structuredOf } from "./support/modern-client.js";

const run = promisify(execFile);
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

interface PrintedConfig {
  mcpServers: { codexkit: { command: string; args: string[]; env: Record<string, string> } };
}

/** `codexkit-mcp --print-config …`: the JSON on stdout, the notes on stderr. */
async function printConfig(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ config: PrintedConfig; notes: string }> {
  const { stdout, stderr } = await run(process.execPath, [CLI, "--print-config", ...args], {
    env,
    timeout: scaledTimeout(30_000),
  });
  return { config: JSON.parse(stdout) as PrintedConfig, notes: stderr };
}

/** An environment without any Codex home, login or API key: what a host with nothing set up passes. */
async function bareEnvironment(): Promise<Record<string, string>> {
  const home = await mkdtemp(join(tmpdir(), "codexkit-mcp-bare-home-"));
  dirs.push(home);
  return { PATH: process.env.PATH ?? "", HOME: home };
}

describe("trying the bridge offline (--scripted, --print-config)", () => {
  test("--print-config --scripted prints a host config that runs this installation against an offline model", async () => {
    const { config, notes } = await printConfig(["--scripted", "--sandbox", "workspace-write"], process.env);
    const server = config.mcpServers.codexkit;
    expect(server.command).toBe(process.execPath);
    expect(server.args).toEqual([
      fileURLToPath(new URL("../bin/codexkit-mcp.js", import.meta.url)),
      "--scripted",
      "--sandbox",
      "workspace-write",
    ]);
    expect(server.env).toEqual({});
    expect(notes).toContain("[mcp_servers.codexkit]");
    expect(notes).toContain('"type": "stdio"');

    // Started exactly as a host would start it, in an environment with no Codex home and no key.
    const env = { ...(await bareEnvironment()), ...server.env };
    const transport = new StdioClientTransport({
      command: server.command,
      args: server.args,
      env,
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const client = new Client(
      { name: "offline-host", version: "1.0.0" },
      { versionNegotiation: { mode: "auto" } },
    );
    await client.connect(transport);
    try {
      const chat = structuredOf<RunResult>(
        (await client.callTool({ name: "codex_run", arguments: { prompt: "What can you do?" } })) as never,
      );
      expect(chat.status).toBe("completed");
      expect(chat.finalResponse).toContain('You asked: "What can you do?"');
      expect(chat.finalResponse).toContain("no OpenAI account was used");

      const command = structuredOf<RunResult>(
        (await client.callTool({
          name: "codex_run",
          arguments: { prompt: "please run `echo offline-hello`" },
        })) as never,
      );
      expect(command.actions.commands).toMatchObject([
        { command: "echo offline-hello", status: "completed", exitCode: 0 },
      ]);
      expect(command.finalResponse).toMatch(/^The command's output:\n\noffline-hello\n/);
      expect(command.sandbox).toBe("workspace-write");
    } finally {
      await client.close();
    }
    const scriptedHome = /temporary CODEX_HOME (\S+)/.exec(stderr)?.[1];
    expect(scriptedHome?.startsWith(tmpdir())).toBe(true);
    for (let i = 0; i < 100 && existsSync(scriptedHome!); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(scriptedHome!)).toBe(false);
  });

  test("MCP Inspector (CLI mode) runs the printed config file with --config/--server", async () => {
    const { config } = await printConfig(["--scripted"], process.env);
    const dir = await mkdtemp(join(tmpdir(), "codexkit-mcp-config-"));
    dirs.push(dir);
    const file = join(dir, "mcp.json");
    await writeFile(file, JSON.stringify(config));
    const inspector = join(
      dirname(createRequire(import.meta.url).resolve("@modelcontextprotocol/inspector-cli/package.json")),
      "build",
      "cli.js",
    );
    // inspector-cli 1.0.3 reads `../package.json` of its cwd: run it from this test directory.
    const cwd = fileURLToPath(new URL(".", import.meta.url));
    const call = await run(
      process.execPath,
      [
        inspector,
        "--cli",
        "--config",
        file,
        "--server",
        "codexkit",
        "--method",
        "tools/call",
        "--tool-name",
        "codex_run",
        "--tool-arg",
        "prompt=Hello from the Inspector",
      ],
      { cwd, env: await bareEnvironment(), timeout: scaledTimeout(60_000) },
    );
    const result = JSON.parse(call.stdout) as { isError?: boolean; structuredContent: RunResult };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.status).toBe("completed");
    expect(result.structuredContent.finalResponse).toContain('You asked: "Hello from the Inspector"');
  });

  test("without --scripted, the printed config names CODEX_HOME explicitly, for hosts that pass no environment on", async () => {
    const withHome = await printConfig(["--sandbox", "read-only"], {
      ...process.env,
      CODEX_HOME: "/srv/codex-home",
    });
    expect(withHome.config.mcpServers.codexkit.env).toEqual({ CODEX_HOME: "/srv/codex-home" });
    expect(withHome.config.mcpServers.codexkit.args.slice(1)).toEqual(["--sandbox", "read-only"]);
    expect(withHome.notes).toContain('env = { CODEX_HOME = "/srv/codex-home" }');

    const env: Record<string, string | undefined> = { ...process.env };
    delete env.CODEX_HOME;
    const byDefault = await printConfig([], env);
    expect(byDefault.config.mcpServers.codexkit.env).toEqual({ CODEX_HOME: join(homedir(), ".codex") });

    await expect(printConfig(["--sandbox", "everything"], process.env)).rejects.toThrow(
      /unknown sandbox "everything"/,
    );
  });
});
