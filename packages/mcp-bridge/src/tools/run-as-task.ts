import { AbortError } from "@codexkit/node";
import type {
  CreateTaskRequestHandlerExtra,
  TaskRequestHandlerExtra,
} from "@modelcontextprotocol/sdk/experimental/tasks";
import type { McpServer, RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolRequest, CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { CodexBridge } from "../bridge.js";
import { RunProgress } from "../run-progress.js";
import { type StartedRun, startRun } from "../run-turn.js";
import type { BridgeSession } from "../session-scope.js";
import type { BridgeTaskStore } from "../task-store.js";
import { type CallExtra, callProgress, sessionElicit } from "./call-channels.js";
import { toolError, toolResult } from "./results.js";

/** How often a task client should poll (`tasks/get`), in ms. */
const TASK_POLL_INTERVAL_MS = 1000;

/** The tool `registerRunAsTask` registers. */
export interface TaskCapableTool<Args> {
  name: string;
  config: {
    title: string;
    description: string;
    inputSchema: z.ZodType<Args>;
    outputSchema: z.ZodType;
    annotations: ToolAnnotations;
  };
  /** Serves a plain (not task-augmented) call. */
  call: (args: Args, extra: CallExtra) => Promise<CallToolResult>;
}

/** The parts of the SDK's McpServer this module reaches into (see {@link registerRunAsTask}). */
interface McpServerInternals {
  handleAutomaticTaskPolling?: (
    tool: RegisteredTool,
    request: CallToolRequest,
    extra: CallExtra,
  ) => Promise<unknown>;
  validateToolInput?: (tool: RegisteredTool, args: unknown, name: string) => Promise<unknown>;
  validateToolOutput?: (tool: RegisteredTool, result: CallToolResult, name: string) => Promise<void>;
}

/**
 * Registers a run tool with MCP tasks support (`execution.taskSupport: "optional"`, the SDK's experimental
 * tasks API): a task-augmented call starts the run and returns the task at once; the client polls
 * `tasks/get` and fetches `tasks/result`; `tasks/cancel` interrupts the turn. A plain call is served by
 * `tool.call` directly, as before: the SDK would otherwise turn it into a task and poll its own store every
 * `pollInterval`, which adds latency and loses the call's cancel. That one hook is the SDK's
 * `handleAutomaticTaskPolling`; if a later SDK drops it, this throws at start-up instead of misbehaving.
 */
export function registerRunAsTask<Args extends { prompt: string }>(
  server: McpServer,
  bridge: CodexBridge,
  session: BridgeSession,
  tasks: BridgeTaskStore,
  tool: TaskCapableTool<Args>,
): void {
  const internals = server as unknown as McpServerInternals;
  const { handleAutomaticTaskPolling, validateToolInput, validateToolOutput } = internals;
  if (!handleAutomaticTaskPolling || !validateToolInput || !validateToolOutput)
    throw new Error(
      "@modelcontextprotocol/sdk no longer has McpServer.handleAutomaticTaskPolling; update run-as-task.ts",
    );

  server.experimental.tasks.registerToolTask(
    tool.name,
    { ...tool.config, execution: { taskSupport: "optional" } },
    {
      createTask: async (args: unknown, extra: CreateTaskRequestHandlerExtra) => {
        const reporter = callProgress(bridge, extra);
        const progress = new RunProgress();
        const stopFollowing = progress.follow(reporter);
        const release = () => {
          stopFollowing();
          void reporter?.close();
        };
        let run: StartedRun;
        try {
          run = await startRun(bridge, session, args as Args, { progress, elicit: sessionElicit(server) });
        } catch (error) {
          release();
          const refusal = toolError(tool.name, error, bridge.logger).content[0];
          throw new Error(refusal?.type === "text" ? refusal.text : `${tool.name} failed`);
        }
        const task = await extra.taskStore.createTask({
          ttl: bridge.limits.resultRetentionMs,
          pollInterval: TASK_POLL_INTERVAL_MS,
        });
        const forget = tasks.onCancel(task.taskId, () =>
          run.controller.abort(new AbortError("the MCP task was cancelled")),
        );
        run.done
          .then(
            (result) => extra.taskStore.storeTaskResult(task.taskId, "completed", toolResult(result)),
            (error: unknown) =>
              extra.taskStore.storeTaskResult(
                task.taskId,
                "failed",
                toolError(tool.name, error, bridge.logger),
              ),
          )
          .catch(() => {
            // the task was cancelled (terminal): its result is not stored
          })
          .finally(() => {
            forget();
            release();
          });
        return { task };
      },
      getTask: async (_args: unknown, extra: TaskRequestHandlerExtra) =>
        extra.taskStore.getTask(extra.taskId),
      getTaskResult: async (_args: unknown, extra: TaskRequestHandlerExtra) =>
        (await extra.taskStore.getTaskResult(extra.taskId)) as CallToolResult,
    },
  );

  const poll = handleAutomaticTaskPolling.bind(server);
  internals.handleAutomaticTaskPolling = async (registered, request, extra) => {
    if (request.params.name !== tool.name) return poll(registered, request, extra);
    const args = (await validateToolInput.call(
      server,
      registered,
      request.params.arguments,
      tool.name,
    )) as Args;
    const result = await tool.call(args, extra);
    await validateToolOutput.call(server, registered, result, tool.name);
    return result;
  };
}
