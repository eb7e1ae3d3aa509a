import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CodexBridge } from "./bridge.js";
import type { CodexBridgeOptions } from "./bridge-options.js";
import { BridgeTaskStore } from "./task-store.js";
import { registerReviewTool } from "./tools/codex-review.js";
import { registerRunTool } from "./tools/codex-run.js";
import { registerWaitTools } from "./tools/codex-wait.js";
import { registerListThreadsTool } from "./tools/list-threads.js";
import { registerReadThreadTool } from "./tools/read-thread.js";
import { VERSION } from "./version.js";

const INSTRUCTIONS =
  "Delegate coding tasks to Codex with codex_run (prompt, optional cwd/threadId/outputSchema). Keep the returned " +
  "threadId to continue the conversation; find earlier work with codex_list_threads and codex_read_thread. " +
  "Send a progressToken for progress on long runs; cancelling a call interrupts its turn. If your tool calls time " +
  "out before Codex finishes, call codex_run with wait: false and poll codex_wait (codex_interrupt stops the run).";

/**
 * Creates the MCP server with the `codex_run`, `codex_list_threads` and `codex_read_thread` tools, as one
 * isolated session of the bridge: it sees only the threads it created (see
 * {@link CodexBridgeOptions.exposeExistingThreads}), and closing it interrupts its runs. Pass a
 * {@link CodexBridge} to share one app-server between several servers (e.g. one per HTTP session); pass
 * options to get a bridge of its own, which is closed when the server closes.
 *
 * @example
 * ```ts
 * const server = createBridgeServer({ policy: { sandbox: "read-only", allowedRoots: [process.cwd()] } });
 * await server.connect(new StdioServerTransport());
 * ```
 */
export function createBridgeServer(bridgeOrOptions: CodexBridge | CodexBridgeOptions = {}): McpServer {
  const owned = !(bridgeOrOptions instanceof CodexBridge);
  const bridge = bridgeOrOptions instanceof CodexBridge ? bridgeOrOptions : new CodexBridge(bridgeOrOptions);
  const tasks = new BridgeTaskStore();
  const server = new McpServer(
    { name: "codexkit-mcp", title: "Codex (codexkit MCP bridge)", version: VERSION },
    {
      capabilities: { tools: {}, tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } },
      instructions: INSTRUCTIONS,
      taskStore: tasks,
    },
  );
  const session = bridge.openSession();
  registerRunTool(server, bridge, session, tasks);
  registerListThreadsTool(server, bridge, session);
  registerReadThreadTool(server, bridge, session);
  registerWaitTools(server, bridge, session);
  registerReviewTool(server, bridge, session);
  const previous = server.server.onclose;
  server.server.onclose = () => {
    previous?.();
    session.close();
    tasks.cleanup();
    if (owned) void bridge.close();
  };
  return server;
}
