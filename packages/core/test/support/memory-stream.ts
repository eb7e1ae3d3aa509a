import type { ByteStream, Unsubscribe } from "../../src/index.js";

/** A JSON value as parsed from one line the client wrote. */
export type WireMessage = Record<string, unknown> & {
  id?: string | number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
};

/**
 * An in-memory {@link ByteStream} that lets a test play the app-server: push chunks to the client,
 * read what the client wrote (as parsed JSONL messages), and close the stream with or without an error.
 */
export class MemoryStream implements ByteStream {
  private readonly dataListeners = new Set<(chunk: Uint8Array | string) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();
  private readonly writeWaiters = new Set<() => void>();
  private closed = false;
  /** Everything the client wrote, as raw text. */
  written = "";
  /** Whether the client ended its writing side. */
  ended = false;
  /** When set, every later `write` rejects with it. */
  failWritesWith: Error | undefined;

  onData(listener: (chunk: Uint8Array | string) => void): Unsubscribe {
    this.dataListeners.add(listener);
    return () => {
      this.dataListeners.delete(listener);
    };
  }

  onClose(listener: (error?: Error) => void): Unsubscribe {
    this.closeListeners.add(listener);
    return () => {
      this.closeListeners.delete(listener);
    };
  }

  write(text: string): Promise<void> {
    if (this.failWritesWith) return Promise.reject(this.failWritesWith);
    if (this.ended) return Promise.reject(new Error("write after end"));
    this.written += text;
    for (const waiter of [...this.writeWaiters]) waiter();
    return Promise.resolve();
  }

  end(): void {
    this.ended = true;
  }

  // ---- the server's side ----

  /** Sends a raw chunk (text or bytes) to the client. */
  push(chunk: Uint8Array | string): void {
    if (this.closed) throw new Error("MemoryStream: push after close");
    for (const listener of [...this.dataListeners]) listener(chunk);
  }

  /** Sends one JSON message as a line. */
  send(message: unknown): void {
    this.push(`${JSON.stringify(message)}\n`);
  }

  /** Sends a notification. */
  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** Sends a server→client request (as codex does: no `jsonrpc` member). */
  request(id: string | number, method: string, params?: unknown): void {
    this.send(params === undefined ? { id, method } : { id, method, params });
  }

  /** Answers a client request with a result. */
  respond(id: string | number | undefined, result: unknown): void {
    this.send({ id, result });
  }

  /** Answers a client request with a JSON-RPC error. */
  respondError(id: string | number | undefined, code: number, message: string, data?: unknown): void {
    this.send({ id, error: data === undefined ? { code, message } : { code, message, data } });
  }

  /** Ends the stream towards the client, optionally with an error. Fires once. */
  close(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of [...this.closeListeners]) listener(error);
  }

  /** Number of data/close subscribers still attached (for leak checks). */
  get listenerCount(): number {
    return this.dataListeners.size + this.closeListeners.size;
  }

  /** Every complete line the client wrote, parsed. */
  messages(): WireMessage[] {
    return this.written
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as WireMessage);
  }

  /** The raw lines the client wrote (without newlines). */
  lines(): string[] {
    return this.written.split("\n").filter((line) => line.length > 0);
  }

  /** Resolves with the first written message matching `predicate`, waiting for it if needed. */
  waitForMessage(predicate: (message: WireMessage) => boolean): Promise<WireMessage> {
    const found = this.messages().find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const check = () => {
        const match = this.messages().find(predicate);
        if (match) {
          this.writeWaiters.delete(check);
          resolve(match);
        }
      };
      this.writeWaiters.add(check);
    });
  }

  /** Waits for the client's request with this method; returns it. */
  waitForRequest(method: string): Promise<WireMessage> {
    return this.waitForMessage((m) => m.method === method && m.id !== undefined);
  }

  /** Waits for the client's response to server request `id`. */
  waitForResponse(id: string | number): Promise<WireMessage> {
    return this.waitForMessage((m) => m.id === id && m.method === undefined);
  }
}

/** Lets pending timers and microtasks (incl. vscode-jsonrpc's message queue) run `rounds` times. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** Waits (a macrotask at a time) until `condition()` holds; fails after `maxRounds` rounds. */
export async function until(condition: () => boolean, what = "condition", maxRounds = 5000): Promise<void> {
  for (let i = 0; i < maxRounds; i++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  throw new Error(`until: ${what} did not hold after ${maxRounds} rounds`);
}
