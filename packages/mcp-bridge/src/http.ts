import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { CodexBridge } from "./bridge.js";
import { BearerAuth, generateToken } from "./http-auth.js";
import { createBridgeServer } from "./server.js";

/** The loopback address the HTTP transport binds to; it is never exposed on other interfaces. */
export const HTTP_HOST = "127.0.0.1";
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A running streamable-HTTP listener. */
export interface HttpListener {
  /** `http://127.0.0.1:PORT/mcp`. */
  readonly url: string;
  /** The port it listens on (useful with port 0). */
  readonly port: number;
  /**
   * The bearer token generated at start-up when {@link HttpListenOptions} named none (show it to the
   * operator once; never log it); `undefined` otherwise.
   */
  readonly generatedToken: string | undefined;
  /** Closes every session and the listener. */
  close(): Promise<void>;
}

/** Options of {@link listenHttp}. */
export interface HttpListenOptions {
  /**
   * The bearer tokens callers must send (`Authorization: Bearer <token>`); each token is one caller, and an
   * MCP session can only be used with the token that opened it. Default: one random token, generated now
   * ({@link HttpListener.generatedToken}).
   */
  tokens?: readonly string[];
  /**
   * DANGER: serve without authentication. Any process on this machine that can reach 127.0.0.1 (every local
   * user, a browser page through a local proxy, a container sharing the host network) can then run Codex with
   * the operator's ceiling and credentials. Only for a single-user machine or a sandbox you trust.
   */
  insecureNoAuth?: boolean;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  /** The caller (token index) that opened it. */
  caller: number;
}

/**
 * Serves the bridge over MCP streamable HTTP on `127.0.0.1:port` at `/mcp`, one MCP session per client,
 * all sharing `bridge` (one app-server), each isolated from the others (its own threads and runs). Every
 * request must carry a bearer token (HTTP 401 otherwise, before any MCP processing) unless
 * `insecureNoAuth` is set. DNS-rebinding protection accepts only loopback `Host` headers and same-origin
 * browsers.
 */
export async function listenHttp(
  bridge: CodexBridge,
  port: number,
  options: HttpListenOptions = {},
): Promise<HttpListener> {
  const generatedToken =
    options.insecureNoAuth || (options.tokens?.length ?? 0) > 0 ? undefined : generateToken();
  const auth = options.insecureNoAuth
    ? undefined
    : new BearerAuth(generatedToken ? [generatedToken] : (options.tokens ?? []));
  const sessions = new Map<string, Session>();
  let actualPort = port;
  const allowedHosts = () => [`${HTTP_HOST}:${actualPort}`, `localhost:${actualPort}`];
  const allowedOrigins = () => [`http://${HTTP_HOST}:${actualPort}`, `http://localhost:${actualPort}`];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const caller = auth ? auth.authenticate(req) : 0;
    if (caller === undefined) {
      req.resume();
      return reply(res, 401, "Unauthorized: send Authorization: Bearer <token>", {
        "www-authenticate": 'Bearer realm="codexkit-mcp"',
      });
    }
    const path = new URL(req.url ?? "/", `http://${HTTP_HOST}`).pathname;
    if (path !== "/mcp") return reply(res, 404, "Not found: the MCP endpoint is /mcp");
    const body = req.method === "POST" ? await readJson(req) : undefined;
    if (body instanceof Error) return reply(res, 400, body.message);
    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      // A session opened by another caller is answered exactly like an unknown one.
      if (!session || session.caller !== caller) return reply(res, 404, "Unknown or closed MCP session");
      cancelOnDisconnect(res, session.transport, body);
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method !== "POST" || !isInitializeRequest(body))
      return reply(res, 400, "No MCP session: send initialize first");
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableDnsRebindingProtection: true,
      allowedHosts: allowedHosts(),
      allowedOrigins: allowedOrigins(),
      onsessioninitialized: (id) => {
        sessions.set(id, session);
        bridge.logger.info(`http session ${id.slice(0, 8)} opened`);
      },
    });
    const server = createBridgeServer(bridge);
    const session: Session = { transport, server, caller };
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const httpServer: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      bridge.logger.error(`http request failed: ${String(error)}`);
      if (!res.headersSent) reply(res, 500, "Internal error");
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, HTTP_HOST, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  actualPort = (httpServer.address() as AddressInfo).port;
  const url = `http://${HTTP_HOST}:${actualPort}/mcp`;
  return {
    url,
    port: actualPort,
    generatedToken,
    async close() {
      await Promise.all([...sessions.values()].map((session) => session.server.close().catch(() => {})));
      sessions.clear();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}

/**
 * A client that drops a POST's response stream before it completed has abandoned the requests that POST
 * carried: cancel them, as if it had sent `notifications/cancelled`, so their turns are interrupted instead
 * of running on until the operator's timeout.
 */
function cancelOnDisconnect(
  res: ServerResponse,
  transport: StreamableHTTPServerTransport,
  body: unknown,
): void {
  const requestIds = (Array.isArray(body) ? body : [body]).flatMap((message: unknown) => {
    const { id, method } = (message ?? {}) as { id?: unknown; method?: unknown };
    return typeof method === "string" && (typeof id === "string" || typeof id === "number") ? [id] : [];
  });
  if (requestIds.length === 0) return;
  res.once("close", () => {
    if (res.writableFinished) return;
    for (const requestId of requestIds) {
      transport.onmessage?.({
        jsonrpc: "2.0",
        method: "notifications/cancelled",
        params: { requestId, reason: "the client disconnected" },
      });
    }
  });
}

function reply(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return new Error(`Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return new Error("Parse error: the request body is not JSON");
  }
}
