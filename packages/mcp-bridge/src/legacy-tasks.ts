import { randomBytes } from "node:crypto";
import { AbortError } from "@codexkit/node";
import type {
  CallToolResult,
  JSONRPCMessage,
  JSONRPCRequest,
  McpServer,
  Task,
  Transport,
} from "@modelcontextprotocol/server";
import type { z } from "zod";
import type { CodexBridge } from "./bridge.js";
import { BridgeError } from "./errors.js";
import { ProgressReporter } from "./progress.js";
import { RunProgress } from "./run-progress.js";
import { type RunRequest, startRun } from "./run-turn.js";
import type { BridgeSession } from "./session-scope.js";
import { sessionElicit } from "./tools/call-channels.js";
import { toolError, toolResult } from "./tools/results.js";
import { withRemoteParent } from "./trace-context.js";

/** How often a task client should poll (`tasks/get`), in ms. */
const TASK_POLL_INTERVAL_MS = 1000;
/** The `_meta` key that ties a `tasks/result` answer to its task. */
const RELATED_TASK = "io.modelcontextprotocol/related-task";
const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;

/** The tool that can run as a task, and how its arguments are checked. */
export interface TaskTool<Args extends RunRequest> {
  name: string;
  inputSchema: z.ZodType<Args>;
}

interface StoredTask {
  task: Task;
  result?: CallToolResult;
  /** Interrupts the run behind the task. */
  interrupt: () => void;
  /** Resolves when the task reaches a terminal status. */
  settled: Promise<void>;
  settle: () => void;
}

type Reply = (message: JSONRPCMessage) => void;

/**
 * MCP tasks for a run tool, as protocol revision 2025-11-25 defines them: a `tools/call` with a `task` parameter
 * starts the run and returns the task at once; the client polls `tasks/get`, fetches `tasks/result` (which waits
 * for the end), lists with `tasks/list`, and `tasks/cancel` interrupts the turn. Plain calls are untouched.
 *
 * The MCP SDK v2 no longer has a tasks layer (2026-07-28 moved tasks out of the core protocol), so this serves
 * those messages itself, in front of the SDK's server of one 2025-era connection ({@link LegacyTasks.install}).
 * Tasks belong to that connection (its MCP session): another connection's task ids are unknown here. A task's
 * result is kept for the bridge's result retention time after it ends.
 */
export class LegacyTasks<Args extends RunRequest> {
  private readonly tasks = new Map<string, StoredTask>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly bridge: CodexBridge,
    private readonly session: BridgeSession,
    private readonly server: McpServer,
    private readonly tool: TaskTool<Args>,
  ) {}

  /**
   * Puts the task messages of `transport` (which `server` is connected to) through this instance; every other
   * message goes on to the server as before.
   */
  install(transport: Transport): void {
    const deliver = transport.onmessage;
    transport.onmessage = (message, extra) => {
      if (isTaskRequest(message, this.tool.name)) {
        const reply: Reply = (answer) => {
          transport
            .send(answer)
            .catch((error: unknown) => this.bridge.logger.debug(`reply failed: ${error}`));
        };
        this.handle(message, transport, reply).catch((error: unknown) =>
          reply(errorReply(message, INTERNAL_ERROR, error instanceof Error ? error.message : String(error))),
        );
        return;
      }
      deliver?.(message, extra);
    };
  }

  /** Drops every task and its timers (the connection closed; runs end with the session). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const stored of this.tasks.values()) stored.settle();
    this.tasks.clear();
  }

  private async handle(request: JSONRPCRequest, transport: Transport, reply: Reply): Promise<void> {
    const params = (request.params ?? {}) as Record<string, unknown>;
    if (request.method === "tools/call")
      // in the context of the host's span (`_meta.traceparent`): the task's run continues its trace
      return withRemoteParent(params._meta, this.bridge.logger, () =>
        this.createTask(request, params, transport, reply),
      );
    if (request.method === "tasks/list")
      return reply(
        resultReply(request, { tasks: [...this.tasks.values()].map((stored) => ({ ...stored.task })) }),
      );
    const taskId = typeof params.taskId === "string" ? params.taskId : "";
    const stored = this.tasks.get(taskId);
    if (!stored) return reply(errorReply(request, INVALID_PARAMS, `Task not found: ${taskId}`));
    switch (request.method) {
      case "tasks/get":
        return reply(resultReply(request, { ...stored.task }));
      case "tasks/cancel":
        if (isTerminal(stored.task.status))
          return reply(
            errorReply(
              request,
              INVALID_PARAMS,
              `Cannot cancel task in terminal status: ${stored.task.status}`,
            ),
          );
        this.finish(stored, "cancelled", undefined, "Client cancelled task execution.");
        stored.interrupt();
        return reply(resultReply(request, { ...stored.task }));
      case "tasks/result": {
        await stored.settled;
        if (!stored.result)
          return reply(
            errorReply(request, INVALID_PARAMS, `Task ${taskId} has no result (${stored.task.status})`),
          );
        const meta = { ...stored.result._meta, [RELATED_TASK]: { taskId } };
        return reply(resultReply(request, { ...stored.result, _meta: meta }));
      }
    }
  }

  private async createTask(
    request: JSONRPCRequest,
    params: Record<string, unknown>,
    transport: Transport,
    reply: Reply,
  ): Promise<void> {
    const parsed = this.tool.inputSchema.safeParse(params.arguments ?? {});
    if (!parsed.success)
      return reply(
        errorReply(
          request,
          INVALID_PARAMS,
          `Invalid arguments for tool ${this.tool.name}: ${parsed.error.message}`,
        ),
      );
    const token = (params._meta as { progressToken?: unknown } | undefined)?.progressToken;
    const reporter =
      typeof token === "string" || typeof token === "number"
        ? new ProgressReporter(
            (progress, message) =>
              transport.send(
                {
                  jsonrpc: "2.0",
                  method: "notifications/progress",
                  params: { progressToken: token, progress, message },
                },
                { relatedRequestId: request.id },
              ),
            {
              intervalMs: this.bridge.limits.progressIntervalMs,
              heartbeatMs: this.bridge.limits.heartbeatMs,
            },
          )
        : undefined;
    const progress = new RunProgress();
    const stopFollowing = progress.follow(reporter);
    const release = () => {
      stopFollowing();
      void reporter?.close();
    };
    let run: Awaited<ReturnType<typeof startRun>>;
    try {
      run = await startRun(this.bridge, this.session, parsed.data, {
        progress,
        elicit: sessionElicit(this.server),
      });
    } catch (error) {
      release();
      const refusal = toolError(this.tool.name, error, this.bridge).content[0];
      const text = refusal?.type === "text" ? refusal.text : `${this.tool.name} failed`;
      return reply(errorReply(request, error instanceof BridgeError ? INVALID_PARAMS : INTERNAL_ERROR, text));
    }
    const now = new Date().toISOString();
    const task: Task = {
      taskId: randomBytes(16).toString("hex"),
      status: "working",
      ttl: this.bridge.limits.resultRetentionMs,
      createdAt: now,
      lastUpdatedAt: now,
      pollInterval: TASK_POLL_INTERVAL_MS,
    };
    let settle = () => {};
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const stored: StoredTask = {
      task,
      settled,
      settle,
      interrupt: () => run.controller.abort(new AbortError("the MCP task was cancelled")),
    };
    this.tasks.set(task.taskId, stored);
    run.done
      .then(
        (result) => this.finish(stored, "completed", toolResult(result)),
        (error: unknown) => this.finish(stored, "failed", toolError(this.tool.name, error, this.bridge)),
      )
      .finally(release);
    reply(resultReply(request, { task }));
  }

  /** Moves a task to a terminal status (once), keeps its result, and drops it after the retention time. */
  private finish(
    stored: StoredTask,
    status: "completed" | "failed" | "cancelled",
    result: CallToolResult | undefined,
    statusMessage?: string,
  ): void {
    if (isTerminal(stored.task.status)) return;
    stored.task.status = status;
    stored.task.lastUpdatedAt = new Date().toISOString();
    if (statusMessage) stored.task.statusMessage = statusMessage;
    if (result) stored.result = result;
    stored.settle();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.tasks.delete(stored.task.taskId);
    }, this.bridge.limits.resultRetentionMs);
    timer.unref?.();
    this.timers.add(timer);
  }
}

function isTerminal(status: Task["status"]): boolean {
  return status === "completed" || status === "failed" || status === "cancelled";
}

/** A `tasks/*` request, or a task-augmented call of the task tool. */
function isTaskRequest(message: JSONRPCMessage, toolName: string): message is JSONRPCRequest {
  if (!("method" in message) || !("id" in message) || message.id === undefined) return false;
  if (message.method.startsWith("tasks/"))
    return ["tasks/get", "tasks/result", "tasks/cancel", "tasks/list"].includes(message.method);
  if (message.method !== "tools/call") return false;
  const params = message.params as { name?: unknown; task?: unknown } | undefined;
  return params?.name === toolName && typeof params.task === "object" && params.task !== null;
}

function resultReply(request: JSONRPCRequest, result: object): JSONRPCMessage {
  return { jsonrpc: "2.0", id: request.id, result: result as Record<string, unknown> };
}

function errorReply(request: JSONRPCRequest, code: number, message: string): JSONRPCMessage {
  return { jsonrpc: "2.0", id: request.id, error: { code, message } };
}
