/**
 * Writes one resolved {@link ModelReply} to an HTTP response, honouring its timing controls and
 * stopping as soon as the request is aborted (client went away or the model closed).
 *
 * @module
 */

import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { HttpErrorReply, StreamReply } from "./model-reply.js";
import { randomId } from "./output-items.js";
import { encodeSseEvent } from "./sse.js";
import { buildStreamEvents } from "./stream-events.js";

/** A reply that can be written directly (dynamic replies already resolved). */
export type ResolvedReply = StreamReply | HttpErrorReply;

/** Sleeps `ms` unless aborted; returns false when aborted. */
async function pause(ms: number | undefined, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms === undefined || ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** Sends a complete response: objects as JSON, strings as plain text. */
export function sendBody(
  res: ServerResponse,
  status: number,
  body: string | Readonly<Record<string, unknown>>,
  headers: Readonly<Record<string, string>> = {},
): void {
  const isText = typeof body === "string";
  res.writeHead(status, {
    "content-type": isText ? "text/plain; charset=utf-8" : "application/json",
    ...headers,
  });
  res.end(isText ? body : JSON.stringify(body));
}

async function sendStream(res: ServerResponse, reply: StreamReply, signal: AbortSignal): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const events = buildStreamEvents(reply, reply.responseId ?? randomId("resp"));
  for (const [index, event] of events.entries()) {
    if (index > 0 && !(await pause(reply.dripMs, signal))) return;
    if (signal.aborted) return;
    res.write(encodeSseEvent(event));
  }
  if (reply.end.type === "stall") {
    await waitForAbort(signal);
    res.destroy();
    return;
  }
  res.end();
}

/**
 * Writes `reply` to `res`: waits `delayMs`, then either the error status or the SSE stream.
 * Resolves when the reply is fully written, or early when `signal` aborts (the socket is then destroyed).
 */
export async function sendReply(
  res: ServerResponse,
  reply: ResolvedReply,
  signal: AbortSignal,
): Promise<void> {
  if (!(await pause(reply.delayMs, signal))) {
    res.destroy();
    return;
  }
  if (reply.kind === "httpError") {
    sendBody(res, reply.status, reply.body, reply.headers);
    return;
  }
  await sendStream(res, reply, signal);
  if (signal.aborted) res.destroy();
}
