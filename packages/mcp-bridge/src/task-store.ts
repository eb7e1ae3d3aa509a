import { InMemoryTaskStore } from "@modelcontextprotocol/sdk/experimental/tasks";
import type { Task } from "@modelcontextprotocol/sdk/types.js";

/**
 * The MCP task store of one session (the SDK's in-memory store), with one addition: when the client
 * cancels a task (`tasks/cancel`), the run behind it is interrupted.
 */
export class BridgeTaskStore extends InMemoryTaskStore {
  private readonly cancelHooks = new Map<string, () => void>();

  /** Calls `interrupt` when task `taskId` is cancelled (until the task has ended). */
  onCancel(taskId: string, interrupt: () => void): () => void {
    this.cancelHooks.set(taskId, interrupt);
    return () => this.cancelHooks.delete(taskId);
  }

  override async updateTaskStatus(
    taskId: string,
    status: Task["status"],
    statusMessage?: string,
    sessionId?: string,
  ): Promise<void> {
    await super.updateTaskStatus(taskId, status, statusMessage, sessionId);
    if (status === "cancelled") {
      const interrupt = this.cancelHooks.get(taskId);
      this.cancelHooks.delete(taskId);
      interrupt?.();
    }
  }
}
