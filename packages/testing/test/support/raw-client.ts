/**
 * Test-only: a tiny newline-delimited JSON-RPC client for a real `codex app-server` child process.
 */

import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { scaledTimeout } from "../../src/index.js";
import { codexBinary } from "./codex-binary.js";

/** A message from the server (response, notification or server→client request). */
export interface ServerMessage {
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

interface Pending {
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
}

/** Answers a server→client request; return the `result`. */
export type ServerRequestHandler = (message: ServerMessage) => Record<string, unknown>;

/** Raw JSONL client over a spawned app-server; always `kill()` it. */
export class RawClient {
  readonly messages: ServerMessage[] = [];
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<() => void>();
  #stderr = "";
  #nextId = 1;
  #onServerRequest: ServerRequestHandler = () => ({ decision: "accept" });

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
    child.stderr.on("data", (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString("utf8")).slice(-8000);
    });
    createInterface({ input: child.stdout }).on("line", (line) => this.#receive(line));
    child.on("exit", () => {
      for (const pending of this.#pending.values())
        pending.reject(new Error(`app-server exited\n${this.#stderr}`));
      this.#pending.clear();
    });
  }

  /** Spawns `codex app-server` with the given extra env and completes the handshake. */
  static async start(env: Readonly<Record<string, string>>): Promise<RawClient> {
    const child = spawn(codexBinary(), ["app-server"], {
      env: { ...process.env, RUST_LOG: "warn", CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const client = new RawClient(child);
    await client.request("initialize", { clientInfo: { name: "codexkit-testing", version: "0.0.0" } });
    client.notify("initialized");
    return client;
  }

  /** Stderr tail, for failure messages. */
  get stderr(): string {
    return this.#stderr;
  }

  /** Sets the answer to server→client requests (default: `{decision:"accept"}`). */
  onServerRequest(handler: ServerRequestHandler): void {
    this.#onServerRequest = handler;
  }

  /** Sends a request and resolves with its `result` (rejects on a JSON-RPC error). */
  request(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#send({ jsonrpc: "2.0", id, method, params });
    });
  }

  /** Sends a notification. */
  notify(method: string, params?: Record<string, unknown>): void {
    this.#send(params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params });
  }

  /** Notifications received so far with `method`. */
  notifications(method: string): ServerMessage[] {
    return this.messages.filter((m) => m.method === method && m.id === undefined);
  }

  /** Resolves with the first notification matching `method` (and `predicate`), past or future. */
  waitForNotification(
    method: string,
    predicate: (params: Record<string, unknown>) => boolean = () => true,
    timeoutMs = scaledTimeout(10_000),
  ): Promise<Record<string, unknown>> {
    const find = () => this.notifications(method).find((m) => predicate(m.params ?? {}))?.params;
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        this.#listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.#listeners.delete(check);
        reject(new Error(`timed out waiting for ${method}\nstderr:\n${this.#stderr}`));
      }, timeoutMs);
      this.#listeners.add(check);
      check();
    });
  }

  /** Starts a thread and returns its id. */
  async startThread(params: Record<string, unknown> = {}): Promise<string> {
    const result = await this.request("thread/start", params);
    return (result.thread as { id: string }).id;
  }

  /** Runs one text turn and resolves with the `turn/completed` params. */
  async runTurn(threadId: string, text: string, extra: Record<string, unknown> = {}) {
    const started = await this.request("turn/start", {
      threadId,
      input: [{ type: "text", text, text_elements: [] }],
      ...extra,
    });
    const turnId = (started.turn as { id: string }).id;
    const completed = await this.waitForNotification(
      "turn/completed",
      (p) => (p.turn as { id: string }).id === turnId,
    );
    return { turnId, turn: completed.turn as { id: string; status: string; error: unknown } };
  }

  /** Kills the process and waits for it to exit. */
  async kill(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once("exit", () => resolve()));
    this.#child.kill("SIGKILL");
    await exited;
  }

  #send(message: Record<string, unknown>): void {
    this.#child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  #receive(line: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(line) as ServerMessage;
    } catch {
      return;
    }
    this.messages.push(message);
    if (message.id !== undefined && message.method !== undefined) {
      this.#send({ jsonrpc: "2.0", id: message.id, result: this.#onServerRequest(message) });
    } else if (typeof message.id === "number" && message.method === undefined) {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error !== undefined)
        pending?.reject(new Error(`${message.error.code}: ${message.error.message}`));
      else pending?.resolve(message.result ?? {});
    }
    for (const listener of [...this.#listeners]) listener();
  }
}
