import { JsonlProcess } from "@codexkit/test-support";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/**
 * An MCP client transport over a child we spawn ourselves (a raw JSONL client), so tests can see its exit
 * code and stderr and signal it (the SDK's StdioClientTransport hides them).
 */
export class ChildTransport extends JsonlProcess implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  constructor(command: string, args: string[], options: { env: Record<string, string>; cwd: string }) {
    super(command, args, options);
  }

  async start(): Promise<void> {
    for (const message of this.messages) this.onmessage?.(message as JSONRPCMessage);
    this.onMessage((message) => this.onmessage?.(message as JSONRPCMessage));
    void this.exited.then(() => this.onclose?.());
  }

  override async send(message: JSONRPCMessage): Promise<void> {
    super.send(message);
  }

  /** Ends the child's stdin (what a host does when it disconnects). */
  async close(): Promise<void> {
    this.end();
  }
}
