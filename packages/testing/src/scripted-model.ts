/**
 * {@link ScriptedModel}: an offline, scripted Responses-API model on 127.0.0.1 for testing
 * against the real `codex app-server`.
 *
 * @module
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { waitForRelease } from "./held-reply.js";
import type { ModelReply } from "./model-reply.js";
import type {
  OutputFormat,
  RecordedRequest,
  ResponsesRequestBody,
  ToolCallOutput,
} from "./recorded-request.js";
import * as read from "./recorded-request.js";
import { type ResolvedReply, sendBody, sendReply } from "./reply-sender.js";
import { RequestWaiters, type WaitOptions } from "./request-waiters.js";
import {
  DEFAULT_REVIEWER_VERDICT,
  isReviewerRequest,
  type ReviewerPolicy,
  reviewerReply,
} from "./reviewer.js";
import { scriptExhaustedReply } from "./script-exhausted.js";

/** Options of {@link ScriptedModel.start}. */
export interface ScriptedModelOptions {
  /** Replies for the main script, consumed one per model request. */
  script?: readonly ModelReply[];
  /** How to answer reviewer (auto-review) requests; default {@link DEFAULT_REVIEWER_VERDICT}. */
  reviewer?: ReviewerPolicy;
  /** Model id listed by `GET /v1/models` (default `"mock-model"`). */
  modelId?: string;
}

/** How many dynamic or held replies may wrap one another before the model gives up. */
const MAX_NESTING = 16;

/**
 * A loopback HTTP server that plays the OpenAI Responses API from a script: each
 * `POST /v1/responses` consumes the next {@link ModelReply} and is recorded. Reviewer requests
 * (codex's auto-review of escalations) are answered separately and do not consume the script.
 * When the script runs out, the request gets HTTP 400 with a message naming the request number and its
 * last input, which codex reports verbatim as the turn's error (without retrying): tests fail at once,
 * saying why, instead of hanging.
 *
 * @example
 * ```ts
 * await using model = await ScriptedModel.start({ script: [Reply.message("Hello!")] });
 * await using home = await createCodexHome({ baseUrl: model.baseUrl });
 * // spawn `codex app-server` with env { ...process.env, ...home.env }, run a turn, then:
 * expect(model.inputTexts(0, "user")).toContain("hi");
 * ```
 */
export class ScriptedModel implements AsyncDisposable {
  /** Origin, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  /** `${url}/v1`: the provider `base_url` for codex. */
  readonly baseUrl: string;
  /** The ephemeral port the server listens on. */
  readonly port: number;
  /** Main-script model requests (`POST /v1/responses`, reviewer requests excluded), in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Reviewer (auto-review) model requests, in arrival order. */
  readonly reviewerRequests: RecordedRequest[] = [];
  /** Every HTTP request received, including `GET /v1/models` and unknown routes. */
  readonly allRequests: RecordedRequest[] = [];
  /** Main requests that found the script empty (each was answered with HTTP 400 "script exhausted …"). */
  readonly unscriptedRequests: RecordedRequest[] = [];

  readonly #server: Server;
  readonly #script: ModelReply[];
  readonly #modelId: string;
  readonly #inFlight = new Set<AbortController>();
  readonly #waiters = new RequestWaiters();
  #reviewer: ReviewerPolicy;
  #closing: Promise<void> | undefined;

  private constructor(server: Server, options: ScriptedModelOptions) {
    this.#server = server;
    this.#script = [...(options.script ?? [])];
    this.#reviewer = options.reviewer ?? DEFAULT_REVIEWER_VERDICT;
    this.#modelId = options.modelId ?? "mock-model";
    this.port = (server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    this.baseUrl = `${this.url}/v1`;
    server.on("request", (req, res) => {
      void this.#handle(req, res);
    });
  }

  /** Starts a server on 127.0.0.1 with an ephemeral port. */
  static async start(options: ScriptedModelOptions = {}): Promise<ScriptedModel> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    return new ScriptedModel(server, options);
  }

  /** Appends replies to the main script. */
  enqueue(...replies: ModelReply[]): this {
    this.#script.push(...replies);
    return this;
  }

  /** Number of scripted replies not consumed yet. */
  get pendingReplies(): number {
    return this.#script.length;
  }

  /** Replaces how reviewer requests are answered from now on. */
  setReviewer(policy: ReviewerPolicy): void {
    this.#reviewer = policy;
  }

  /** Main request `index` (negative counts from the end); throws a clear error when absent. */
  request(index: number): RecordedRequest {
    const request = this.requests.at(index);
    if (request === undefined) {
      throw new Error(
        `ScriptedModel: no request #${index} (received ${this.requests.length} model requests)`,
      );
    }
    return request;
  }

  /** Text parts of the input messages of request `index`, optionally only for `role`. */
  inputTexts(index: number, role?: string): string[] {
    return read.inputTexts(this.request(index), role);
  }

  /** Image URLs (`input_image`) in request `index`. */
  inputImages(index: number): string[] {
    return read.inputImages(this.request(index));
  }

  /** Tool names offered in request `index`. */
  toolNames(index: number): string[] {
    return read.toolNames(this.request(index));
  }

  /** The `text.format` of request `index` (set when the turn has an output schema). */
  outputFormat(index: number): OutputFormat | undefined {
    return read.outputFormat(this.request(index));
  }

  /** Tool results (`function_call_output` / `custom_tool_call_output`) in request `index`. */
  functionCallOutputs(index: number): ToolCallOutput[] {
    return read.toolCallOutputs(this.request(index));
  }

  /** Resolves once `count` main requests have arrived; rejects after `timeoutMs` (default `scaledTimeout(5000)`). */
  waitForRequests(count: number, options: WaitOptions = {}): Promise<RecordedRequest[]> {
    return this.#waiters.wait(this.requests, count, "model requests", options);
  }

  /** Resolves once `count` reviewer requests have arrived; rejects after `timeoutMs` (default `scaledTimeout(5000)`). */
  waitForReviewerRequests(count: number, options: WaitOptions = {}): Promise<RecordedRequest[]> {
    return this.#waiters.wait(this.reviewerRequests, count, "reviewer requests", options);
  }

  /** Stops the server, ends stalled streams and destroys open sockets. Safe to call repeatedly. */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const controller of this.#inFlight) controller.abort();
      this.#waiters.closeAll("ScriptedModel closed");
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
    return this.#closing;
  }

  /** Same as {@link ScriptedModel.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController();
    this.#inFlight.add(controller);
    res.on("close", () => {
      controller.abort();
      this.#inFlight.delete(controller);
    });
    try {
      const request = await recordRequest(req);
      this.allRequests.push(request);
      const scripted = await this.#route(request, res);
      if (scripted === undefined) return;
      const reply = await resolveReply(scripted, request, controller.signal);
      if (reply !== undefined) await sendReply(res, reply, controller.signal);
      else res.destroy();
    } catch (error) {
      if (!res.headersSent) {
        sendBody(res, 500, { error: { message: `ScriptedModel: ${String(error)}` } });
      } else {
        res.destroy();
      }
    }
  }

  /** Answers non-model routes directly; returns the reply to send for model requests. */
  async #route(request: RecordedRequest, res: ServerResponse): Promise<ModelReply | undefined> {
    if (request.method === "GET" && request.path === "/v1/models") {
      const model = { id: this.#modelId, object: "model", created: 0, owned_by: "codexkit" };
      sendBody(res, 200, { object: "list", data: [model] });
      return undefined;
    }
    if (request.method !== "POST" || request.path !== "/v1/responses") {
      sendBody(res, 404, {
        error: { message: `ScriptedModel: no route for ${request.method} ${request.path}` },
      });
      return undefined;
    }
    if (isReviewerRequest(request)) {
      this.reviewerRequests.push(request);
      this.#waiters.notify();
      const policy = this.#reviewer;
      return reviewerReply(typeof policy === "function" ? await policy(request) : policy);
    }
    this.requests.push(request);
    this.#waiters.notify();
    const next = this.#script.shift();
    if (next === undefined) {
      this.unscriptedRequests.push(request);
      return scriptExhaustedReply(this.requests.length - 1, request);
    }
    return next;
  }
}

/**
 * Unwraps dynamic and held replies down to one that can be sent; `undefined` when `signal` aborted
 * while a reply was held (the request is gone).
 */
async function resolveReply(
  reply: ModelReply,
  request: RecordedRequest,
  signal: AbortSignal,
): Promise<ResolvedReply | undefined> {
  let current = reply;
  for (let depth = 0; current.kind === "dynamic" || current.kind === "held"; depth++) {
    if (depth >= MAX_NESTING) throw new Error("dynamic or held replies nested too deeply");
    if (current.kind === "dynamic") {
      current = await current.respond(request);
    } else {
      if (!(await waitForRelease(current, request, signal))) return undefined;
      current = current.reply;
    }
  }
  return current;
}

async function recordRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString("utf8");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  let body: ResponsesRequestBody | undefined;
  try {
    const parsed: unknown = rawBody === "" ? undefined : JSON.parse(rawBody);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      body = parsed as ResponsesRequestBody;
  } catch {
    body = undefined;
  }
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  return { method: req.method ?? "GET", path, headers, body, rawBody, receivedAt: Date.now() };
}
