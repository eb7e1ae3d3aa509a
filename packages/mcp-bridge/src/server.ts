import { McpServer, type Transport } from "@modelcontextprotocol/server";
import { CodexBridge } from "./bridge.js";
import type { CodexBridgeOptions } from "./bridge-options.js";
import { LegacyTasks } from "./legacy-tasks.js";
import type { BridgeSession } from "./session-scope.js";
import { registerReviewTool } from "./tools/codex-review.js";
import { RUN_TOOL, registerRunTool, runInputSchema } from "./tools/codex-run.js";
import { registerWaitTools } from "./tools/codex-wait.js";
import { registerListThreadsTool } from "./tools/list-threads.js";
import { registerReadThreadTool } from "./tools/read-thread.js";
import { VERSION } from "./version.js";

const INSTRUCTIONS =
  "Delegate coding tasks to Codex with codex_run (prompt, optional cwd/threadId/outputSchema). Keep the returned " +
  "threadId to continue the conversation; find earlier work with codex_list_threads and codex_read_thread. " +
  "Send a progressToken for progress on long runs; cancelling a call interrupts its turn. If your tool calls time " +
  "out before Codex finishes, call codex_run with wait: false and poll codex_wait (codex_interrupt stops the run).";

/** Options of {@link createBridgeServer}. */
export interface BridgeServerOptions {
  /**
   * The protocol era the server will serve. `"legacy"` (the default): a 2025-era connection opened with
   * `initialize`, which is what `server.connect(transport)` serves; `codex_run` also runs as an MCP task there.
   * `"modern"`: protocol revision 2026-07-28 (`server/discover`, per-request envelope), for the MCP SDK's
   * serving entries (`serveStdio`, `createMcpHandler`), which pass their era to the factory.
   */
  era?: "legacy" | "modern";
  /**
   * The isolation scope the server's calls run in. Default: a new one, closed (interrupting its runs) when the
   * server closes. Pass one to share it between servers, e.g. the per-request servers of one HTTP caller; the
   * caller then closes it.
   */
  session?: BridgeSession;
}

/**
 * Creates the MCP server with the bridge's tools (`codex_run`, `codex_wait`, `codex_interrupt`,
 * `codex_review`, `codex_list_threads`, `codex_read_thread`), as one isolated session of the bridge: it sees
 * only the threads it created (see {@link CodexBridgeOptions.exposeExistingThreads}), and closing it interrupts
 * its runs. Pass a {@link CodexBridge} to share one app-server between several servers (e.g. one per HTTP
 * session); pass options to get a bridge of its own, which is closed when the server closes.
 *
 * Serve it with the MCP SDK: `serveStdio((ctx) => createBridgeServer(bridge, { era: ctx.era }))` from
 * `@modelcontextprotocol/server/stdio` speaks 2026-07-28 and 2025-era clients alike; `server.connect(transport)`
 * serves 2025-era clients only.
 *
 * @example
 * ```ts
 * const bridge = new CodexBridge({ policy: { sandbox: "read-only", allowedRoots: [process.cwd()] } });
 * serveStdio(({ era }) => createBridgeServer(bridge, { era }));
 * ```
 */
export function createBridgeServer(
  bridgeOrOptions: CodexBridge | CodexBridgeOptions = {},
  options: BridgeServerOptions = {},
): McpServer {
  const owned = !(bridgeOrOptions instanceof CodexBridge);
  const bridge = bridgeOrOptions instanceof CodexBridge ? bridgeOrOptions : new CodexBridge(bridgeOrOptions);
  const legacy = (options.era ?? "legacy") === "legacy";
  const session = options.session ?? bridge.openSession();
  const server = new BridgeMcpServer(
    { name: "codexkit-mcp", title: "Codex (codexkit MCP bridge)", version: VERSION },
    {
      capabilities: legacy
        ? {
            tools: { listChanged: false },
            tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
          }
        : { tools: { listChanged: false } },
      instructions: INSTRUCTIONS,
    },
  );
  const runTool = registerRunTool(server, bridge, session);
  registerListThreadsTool(server, bridge, session);
  registerReadThreadTool(server, bridge, session);
  registerWaitTools(server, bridge, session);
  registerReviewTool(server, bridge, session);
  if (legacy) {
    runTool.execution = { taskSupport: "optional" };
    server.tasks = new LegacyTasks(bridge, session, server, {
      name: RUN_TOOL,
      inputSchema: runInputSchema(bridge),
    });
  }
  const previous = server.server.onclose;
  server.server.onclose = () => {
    previous?.();
    server.tasks?.close();
    if (!options.session) session.close();
    if (owned) void bridge.close();
  };
  return server;
}

/** The SDK's server, with MCP tasks put in front of the transport it connects to (2025-era only). */
class BridgeMcpServer extends McpServer {
  tasks: LegacyTasks<{ prompt: string }> | undefined;

  override async connect(transport: Transport): Promise<void> {
    await super.connect(transport);
    this.tasks?.install(transport);
  }
}
