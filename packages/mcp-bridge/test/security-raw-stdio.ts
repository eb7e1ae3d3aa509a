/**
 * A raw stdio connection to the built `codexkit-mcp` bin, for the security tests: it writes arbitrary bytes
 * (not only valid JSON-RPC, as the SDK's transports do), collects every line the bridge answers, and can
 * drop the connection the way a crashed client does.
 */
import { JsonlProcess } from "@codexkit/test-support";
import { type Backend, CLI } from "./support/bridge.js";

export class RawBridge extends JsonlProcess {
  constructor(backend: Backend, args: string[] = []) {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env))
      if (value !== undefined && !key.startsWith("CODEXKIT_MCP_")) env[key] = value;
    Object.assign(env, backend.home.env, { RUST_LOG: "warn" });
    super(process.execPath, [CLI, ...args], { env, cwd: backend.home.workspace, jsonrpc: true });
  }

  /** The MCP handshake. */
  async initialize(): Promise<void> {
    const answer = await this.request("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "raw-security-test", version: "1.0.0" },
    });
    if (!answer.result) throw new Error(`initialize failed: ${JSON.stringify(answer)}`);
    this.notify("notifications/initialized");
  }
}
