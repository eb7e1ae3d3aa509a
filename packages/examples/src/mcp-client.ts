/**
 * An MCP client calling the bridge: start `codexkit-mcp` over stdio with the MCP TypeScript SDK, list its
 * tools, delegate a task with `codex_run`, then find the conversation again with `codex_list_threads`.
 * Any MCP host (Claude Code, Cursor, VS Code, Codex itself) talks to the bridge the same way.
 *
 *   pnpm --filter @codexkit/examples run example:mcp-client
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { LIST_THREADS_TOOL, RUN_TOOL, type RunResult } from "@codexkit/mcp-bridge";
import { type ModelReply, Reply } from "@codexkit/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { isMain, runExample } from "./support/environment.js";
import { type Output, oneLine, println } from "./support/output.js";

/** Options of {@link main}. */
export interface McpClientOptions {
  /** The `CODEX_HOME` the bridge's codex uses (config and login). */
  codexHome: string;
  /** The directory Codex may work in: the bridge's only allowed root, and the run's `cwd`. */
  cwd: string;
  out?: Output;
  prompt?: string;
  /** How to start the bridge. Default: `node <the installed codexkit-mcp bin>`. */
  server?: { command: string; args: string[] };
}

export const PROMPT = "What is 6 times 7? Answer with the number only.";

export function script(): ModelReply[] {
  return [Reply.message("42")];
}

/** The path of the `codexkit-mcp` bin of the installed `@codexkit/mcp-bridge`. */
export function bridgeBin(): string {
  const packageJson = createRequire(import.meta.url).resolve("@codexkit/mcp-bridge/package.json");
  const { bin } = JSON.parse(readFileSync(packageJson, "utf8")) as { bin: Record<string, string> };
  return join(dirname(packageJson), bin["codexkit-mcp"] ?? "dist/cli.js");
}

/** What the example saw. */
export interface McpClientOutcome {
  tools: string[];
  run: RunResult;
  listedThreadIds: string[];
}

export async function main({
  codexHome,
  cwd,
  out = process.stdout,
  prompt = PROMPT,
  server = { command: process.execPath, args: [bridgeBin()] },
}: McpClientOptions): Promise<McpClientOutcome> {
  const transport = new StdioClientTransport({
    command: server.command,
    // the operator's ceiling: read-only sandbox, no approvals, only `cwd`
    args: [
      ...server.args,
      "--allow-root",
      cwd,
      "--sandbox",
      "read-only",
      "--approval-policy",
      "never",
      "--log-level",
      "warn",
    ],
    env: { CODEX_HOME: codexHome, CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1", RUST_LOG: "warn" },
    stderr: "inherit",
  });
  const client = new Client({ name: "codexkit-example", version: "0.0.0" });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    println(out, `tools: ${tools.map((tool) => tool.name).join(", ")}`);

    println(out, `> codex_run: ${prompt}`);
    const called = await client.callTool({ name: RUN_TOOL, arguments: { prompt, cwd } });
    if (called.isError) throw new Error(`${RUN_TOOL} failed: ${JSON.stringify(called.content)}`);
    const run = called.structuredContent as unknown as RunResult; // the tool's outputSchema, typed
    println(
      out,
      `${run.status}: ${run.finalResponse ?? "(no answer)"} (thread ${run.threadId}, ${run.usage?.totalTokens ?? "?"} tokens)`,
    );

    const listed = await client.callTool({ name: LIST_THREADS_TOOL, arguments: { limit: 5 } });
    const { threads } = listed.structuredContent as {
      threads: Array<{ threadId: string; preview?: string }>;
    };
    println(out, "codex_list_threads:");
    for (const thread of threads) println(out, `  ${thread.threadId}: ${oneLine(thread.preview ?? "", 60)}`);
    return {
      tools: tools.map((tool) => tool.name),
      run,
      listedThreadIds: threads.map((thread) => thread.threadId),
    };
  } finally {
    await client.close(); // ends the bridge, which stops its app-server
  }
}

if (isMain(import.meta.url)) {
  void runExample("mcp-client", { script: script() }, async ({ codex, codexHome, cwd }) => {
    await codex.close(); // the bridge starts its own app-server on the same CODEX_HOME
    const { run } = await main({ codexHome, cwd });
    return run.status === "completed";
  });
}
