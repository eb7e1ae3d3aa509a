import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The web-standard `Request` for a Node request whose body was already read (`body`), with a signal that
 * aborts when the client goes away before the response has been sent (the MCP SDK then cancels the exchange).
 */
export function toWebRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  body: Buffer | undefined,
): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const gone = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) gone.abort(new Error("the client disconnected"));
  });
  return new Request(url, {
    method: req.method ?? "GET",
    headers,
    ...(body && body.length > 0 && req.method !== "GET" && req.method !== "HEAD"
      ? { body: new Uint8Array(body) }
      : {}),
    signal: gone.signal,
  });
}

/**
 * Writes a web-standard `Response` (JSON or an SSE stream) to a Node response, chunk by chunk. When the client
 * goes away first, the body stream is cancelled, which tells the MCP SDK the exchange is over.
 */
export async function sendWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  const cancel = () => {
    reader.cancel().catch(() => {});
  };
  res.once("close", cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value))
        await new Promise<void>((resolve) => {
          res.once("drain", resolve);
          res.once("close", resolve);
        });
    }
    res.end();
  } catch {
    // the client went away (the stream was cancelled); nothing more to write
    if (!res.writableEnded) res.end();
  } finally {
    res.off("close", cancel);
  }
}
