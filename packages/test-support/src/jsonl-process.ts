/**
 * A raw newline-delimited JSON client over a spawned process's stdio: it writes any bytes (not only valid
 * messages, as protocol SDKs do), keeps every line the process answered, and can drop the connection the way
 * a crashed client does. For JSON-RPC peers such as `codex app-server` and `codexkit-mcp`.
 *
 * @module
 */
import { SpawnedProcess, type SpawnOptions } from "./spawned-process.js";
import { defaultWaitMs } from "./waiting.js";

/** A JSON-RPC message as parsed from one line. */
export interface JsonRpcLine {
  /** `"2.0"` (MCP always sends it; codex omits it). */
  jsonrpc?: string;
  /** Request or response id. */
  id?: string | number | null;
  /** Request or notification method. */
  method?: string;
  /** Request or notification params. */
  params?: Record<string, unknown>;
  /** A success response's result. */
  result?: Record<string, unknown>;
  /** An error response's error. */
  error?: { code: number; message: string; data?: unknown };
}

/** Options of {@link JsonlProcess}. */
export interface JsonlProcessOptions extends SpawnOptions {
  /** Add `"jsonrpc": "2.0"` to the requests and notifications sent (MCP wants it; codex does not). */
  jsonrpc?: boolean;
}

/** A spawned JSON-RPC peer spoken to line by line (see the module comment). */
export class JsonlProcess extends SpawnedProcess {
  /** Every line the process wrote to stdout that parsed as JSON, in order. */
  readonly messages: JsonRpcLine[] = [];
  /** Lines that were not JSON (a protocol stream should have none). */
  readonly junk: string[] = [];
  readonly #listeners = new Set<(message: JsonRpcLine) => void>();
  readonly #jsonrpc: boolean;
  readonly #stdoutClosed: Promise<void>;
  #buffered = "";
  #nextId = 1000;

  constructor(command: string, args: readonly string[], options: JsonlProcessOptions = {}) {
    super(command, args, options);
    this.#jsonrpc = options.jsonrpc ?? false;
    this.child.stdout!.on("data", (text: string) => this.#receive(text));
    this.#stdoutClosed = new Promise((resolve) => this.child.stdout!.once("close", () => resolve()));
  }

  /** Calls `listener` with every later message; returns the unsubscribe. */
  onMessage(listener: (message: JsonRpcLine) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Writes one message as a line (as given: no `jsonrpc` member is added). */
  send(message: unknown): void {
    this.write(`${JSON.stringify(message)}\n`);
  }

  /** Sends a notification. */
  notify(method: string, params?: unknown): void {
    this.send(this.#envelope({ method, ...(params === undefined ? {} : { params }) }));
  }

  /** Sends a request with a fresh id and waits for the answer (a result or an error, returned as is). */
  request(method: string, params?: unknown, timeoutMs = defaultWaitMs()): Promise<JsonRpcLine> {
    const id = this.#nextId++;
    this.send(this.#envelope({ id, method, ...(params === undefined ? {} : { params }) }));
    return this.answerTo(id, timeoutMs);
  }

  /** Waits for the answer to request `id`. */
  answerTo(id: string | number, timeoutMs = defaultWaitMs()): Promise<JsonRpcLine> {
    return this.waitFor(
      (m) => m.id === id && m.method === undefined,
      `the answer to request ${id}`,
      timeoutMs,
    );
  }

  /**
   * Resolves with the first message (already received or later) that `matches` accepts; rejects after
   * `timeoutMs`, or when the process exits without sending one, with what it wrote to stderr.
   */
  waitFor(
    matches: (message: JsonRpcLine) => boolean,
    what: string,
    timeoutMs = defaultWaitMs(),
  ): Promise<JsonRpcLine> {
    const found = this.messages.find(matches);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const finish = (error: Error | undefined, message?: JsonRpcLine) => {
        clearTimeout(timer);
        off();
        if (error) reject(error);
        else resolve(message!);
      };
      const off = this.onMessage((message) => {
        if (matches(message)) finish(undefined, message);
      });
      const timer = setTimeout(
        () => finish(new Error(`timed out waiting for ${what}; stderr:\n${this.stderr}`)),
        timeoutMs,
      );
      void this.#stdoutClosed.then(() =>
        finish(new Error(`the process closed its stdout before ${what}; stderr:\n${this.stderr}`)),
      );
    });
  }

  /** What a crashed client leaves behind: both pipes closed at once, without a goodbye. */
  dropConnection(): void {
    this.child.stdout!.destroy();
    this.child.stdin?.destroy();
  }

  #envelope(message: Record<string, unknown>): Record<string, unknown> {
    return this.#jsonrpc ? { jsonrpc: "2.0", ...message } : message;
  }

  #receive(text: string): void {
    this.#buffered += text;
    let newline = this.#buffered.indexOf("\n");
    while (newline !== -1) {
      const line = this.#buffered.slice(0, newline).replace(/\r$/, "");
      this.#buffered = this.#buffered.slice(newline + 1);
      newline = this.#buffered.indexOf("\n");
      if (line.trim() === "") continue;
      let message: JsonRpcLine;
      try {
        message = JSON.parse(line) as JsonRpcLine;
      } catch {
        this.junk.push(line);
        continue;
      }
      this.messages.push(message);
      for (const listener of [...this.#listeners]) listener(message);
    }
  }
}
