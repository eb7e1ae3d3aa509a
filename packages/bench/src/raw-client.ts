/**
 * The floor: a minimal JSONL client for `codex app-server`, written for the benchmark. It spawns the native
 * binary the way codexkit does (its own process group, stderr piped; the floor drains and drops it), so a ratio
 * measures the client, not how the scheduler treats a differently placed server. It splits stdout on newlines,
 * `JSON.parse`s each line, matches responses to requests by id, and hands turn-scoped notifications to the one
 * waiter of that turn (buffering ones that race the `turn/start` response). No validation, no queues, no
 * abstraction: just what a correct client must do.
 */
import { type ChildProcess, spawn } from "node:child_process";

type Json = Record<string, unknown>;
export interface RawNotification {
  method: string;
  params: Json;
}

interface TurnWaiter {
  events: RawNotification[];
  resolve: (events: RawNotification[]) => void;
}

/** The protocol half of the raw clients: ids, responses, turn waiters. Subclasses move the text. */
export abstract class RawProtocolClient {
  private nextId = 1;
  protected readonly pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void }>();
  private readonly turns = new Map<string, TurnWaiter>();
  private readonly early = new Map<string, RawNotification[]>();
  /** Every notification seen, when `tap` is set. */
  tap: ((n: RawNotification) => void) | undefined;
  /** Answers server requests (synchronously); `undefined` refuses the request. */
  answerRequest: ((method: string, params: Json) => Json | undefined) | undefined;

  /** Sends one serialized message. */
  protected abstract sendText(text: string): void;

  protected failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  protected onMessage(msg: Json): void {
    if (typeof msg.method === "string") {
      if (msg.id !== undefined) {
        // A server request: answered by `answerRequest` when it knows it (e.g. item/tool/call), else
        // refused so nothing hangs (none are expected with approvalPolicy "never").
        const result = this.answerRequest?.(msg.method, (msg.params ?? {}) as Json);
        if (result !== undefined) this.send({ id: msg.id, result });
        else this.send({ id: msg.id, error: { code: -32601, message: "not supported" } });
        return;
      }
      const n = { method: msg.method, params: (msg.params ?? {}) as Json };
      this.tap?.(n);
      const p = n.params;
      const turnId =
        typeof p.turnId === "string" ? p.turnId : ((p.turn as Json | undefined)?.id as string | undefined);
      if (turnId === undefined) return;
      const waiter = this.turns.get(turnId);
      if (waiter) {
        waiter.events.push(n);
        if (n.method === "turn/completed") {
          this.turns.delete(turnId);
          waiter.resolve(waiter.events);
        }
      } else {
        const list = this.early.get(turnId);
        if (list) list.push(n);
        else this.early.set(turnId, [n]);
      }
      return;
    }
    const p = this.pending.get(msg.id as number);
    if (!p) return;
    this.pending.delete(msg.id as number);
    if (msg.error) p.reject(new Error(JSON.stringify(msg.error)));
    else p.resolve(msg.result as Json);
  }

  private send(msg: Json): void {
    this.sendText(JSON.stringify({ jsonrpc: "2.0", ...msg }));
  }

  request(method: string, params: Json = {}): Promise<Json> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ id, method, params });
    });
  }

  /** `initialize` + `initialized`, with the same client info and capabilities codexkit sends. */
  async initialize(): Promise<Json> {
    const result = await this.request("initialize", {
      clientInfo: { name: "codexkit", version: "0.0.0", title: "codexkit" },
      capabilities: { experimentalApi: true, requestAttestation: false },
    });
    this.send({ method: "initialized" });
    return result;
  }

  async threadStart(params: Json): Promise<string> {
    const result = await this.request("thread/start", params);
    return (result.thread as Json).id as string;
  }

  /** Starts a turn and resolves with all of its notifications once `turn/completed` arrives. */
  async runTurn(threadId: string, text: string): Promise<RawNotification[]> {
    const result = await this.request("turn/start", {
      threadId,
      input: [{ type: "text", text, text_elements: [] }],
    });
    const turnId = (result.turn as Json).id as string;
    return new Promise((resolve) => {
      const events = this.early.get(turnId) ?? [];
      this.early.delete(turnId);
      if (events.at(-1)?.method === "turn/completed") return resolve(events);
      this.turns.set(turnId, { events, resolve });
    });
  }
}

/** The raw client over a spawned app-server's stdio (JSONL). */
export class RawClient extends RawProtocolClient {
  private readonly child: ChildProcess;
  private buffer = "";
  private readonly exited: Promise<void>;

  constructor(command: string, env: Record<string, string>, cwd: string) {
    super();
    // As codexkit spawns: a process group of its own (setsid: with autogroup scheduling, a server in the bench's
    // session shares CPU differently, which moved paired ratios by several percent from run to run), stderr piped.
    this.child = spawn(command, ["app-server"], {
      env,
      cwd,
      stdio: ["pipe", "pipe", "pipe"],
      detached: process.platform !== "win32",
    });
    this.child.stderr!.resume();
    this.exited = new Promise((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdout!.setEncoding("utf8");
    this.child.stdout!.on("data", (chunk: string) => this.onData(chunk));
    this.child.once("exit", () => this.failAll(new Error("app-server exited")));
  }

  protected sendText(text: string): void {
    this.child.stdin!.write(`${text}\n`);
  }

  private onData(chunk: string): void {
    let text = this.buffer + chunk;
    let nl = text.indexOf("\n");
    let start = 0;
    while (nl !== -1) {
      if (nl > start) this.onMessage(JSON.parse(text.slice(start, nl)) as Json);
      start = nl + 1;
      nl = text.indexOf("\n", start);
    }
    text = text.slice(start);
    this.buffer = text;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ends stdin and waits for the process to exit (SIGKILL after 2 s). */
  async close(): Promise<void> {
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 2000);
    await this.exited;
    clearTimeout(timer);
  }
}
