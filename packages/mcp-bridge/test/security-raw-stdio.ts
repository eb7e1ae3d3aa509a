/**
 * A raw stdio connection to the built `codexkit-mcp` bin, for the security tests: it writes arbitrary bytes
 * (not only valid JSON-RPC, as the SDK's transports do), collects every line the bridge answers, and can
 * drop the connection the way a crashed client does.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { type Backend, CLI } from "./support/bridge.js";

export interface RawMessage {
  jsonrpc?: string;
  id?: string | number | null;
  method?: string;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
  params?: Record<string, unknown>;
}

export class RawBridge {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly messages: RawMessage[] = [];
  /** stdout lines that were not JSON (there should be none: stdout carries only the protocol). */
  readonly junk: string[] = [];
  stderr = "";
  private buffered = "";
  private nextId = 1000;
  private readonly waiters = new Set<() => void>();

  constructor(backend: Backend, args: string[] = []) {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env))
      if (value !== undefined && !key.startsWith("CODEXKIT_MCP_")) env[key] = value;
    Object.assign(env, backend.home.env, { RUST_LOG: "warn" });
    this.child = spawn(process.execPath, [CLI, ...args], {
      env,
      cwd: backend.home.workspace,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.exited = new Promise((resolve) =>
      this.child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    this.child.stdin.on("error", () => {});
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString("utf8");
    });
    this.child.stdout.on("data", (chunk: Buffer) => {
      this.buffered += chunk.toString("utf8");
      let newline = this.buffered.indexOf("\n");
      while (newline !== -1) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        newline = this.buffered.indexOf("\n");
        try {
          this.messages.push(JSON.parse(line) as RawMessage);
        } catch {
          this.junk.push(line);
        }
        for (const wake of this.waiters) wake();
      }
    });
  }

  /** Writes `data` as is (a string or bytes), without adding a newline. */
  write(data: string | Buffer): void {
    this.child.stdin.write(data);
  }

  /** Writes one JSON-RPC message as a line. */
  send(message: Record<string, unknown>): void {
    this.write(`${JSON.stringify(message)}\n`);
  }

  /** Sends a request and waits for its answer. */
  async request(method: string, params?: unknown, timeoutMs = 15_000): Promise<RawMessage> {
    const id = this.nextId++;
    this.send({ jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) });
    return this.answerTo(id, timeoutMs);
  }

  /** Waits for the answer to request `id`. */
  answerTo(id: string | number, timeoutMs = 15_000): Promise<RawMessage> {
    return this.waitFor(
      (m) => m.id === id && m.method === undefined,
      `the answer to request ${id}`,
      timeoutMs,
    );
  }

  /** Waits for a message `matches` accepts (already received or later). */
  waitFor(matches: (message: RawMessage) => boolean, what: string, timeoutMs = 15_000): Promise<RawMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(matches);
        if (!found) return false;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`timed out waiting for ${what}; stderr:\n${this.stderr}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(wake);
    });
  }

  /** The MCP handshake. */
  async initialize(): Promise<void> {
    const answer = await this.request("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "raw-security-test", version: "1.0.0" },
    });
    if (!answer.result) throw new Error(`initialize failed: ${JSON.stringify(answer)}`);
    this.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  }

  /** What a crashed client leaves behind: both pipes closed at once, without a goodbye. */
  dropConnection(): void {
    this.child.stdout.destroy();
    this.child.stdin.destroy();
  }
}
