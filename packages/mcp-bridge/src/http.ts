import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createMcpHandler,
  isInitializeRequest,
  isLegacyRequest,
  type McpServer,
  WebStandardStreamableHTTPServerTransport,
} from "@modelcontextprotocol/server";
import type { CodexBridge } from "./bridge.js";
import { BearerAuth, generateToken } from "./http-auth.js";
import { createBridgeServer } from "./server.js";
import type { BridgeSession } from "./session-scope.js";
import { sendWebResponse, toWebRequest } from "./web-http.js";
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
  transport: WebStandardStreamableHTTPServerTransport;
  server: McpServer;
  /** The caller (token index) that opened it. */
  caller: number;
}

/**
 * Serves the bridge over MCP streamable HTTP on `127.0.0.1:port` at `/mcp`, all clients sharing `bridge` (one
 * app-server). Both protocol generations are served at the one endpoint:
 * - 2025-era clients (`initialize`) get one MCP session each (`Mcp-Session-Id`), isolated from the others (its
 *   own threads and runs); a session id only works with the token that opened it.
 * - 2026-07-28 clients (a per-request `_meta` envelope, `server/discover`) have no MCP session: each request is
 *   served on its own, and the isolation scope is the caller (the token): requests with one token see the
 *   threads and `wait: false` runs that token's 2026-07-28 requests started.
 *
 * Every request must carry a bearer token (HTTP 401 otherwise, before any MCP processing) unless
 * `insecureNoAuth` is set. DNS-rebinding protection accepts only loopback `Host` headers and same-origin
 * browsers (HTTP 403).
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
  /** The isolation scope of each caller's 2026-07-28 requests. */
  const callerScopes = new Map<number, BridgeSession>();
  const scopeOf = (caller: number): BridgeSession => {
    let scope = callerScopes.get(caller);
    if (!scope) {
      scope = bridge.openSession();
      callerScopes.set(caller, scope);
    }
    return scope;
  };
  const modern = createMcpHandler(
    ({ authInfo }) =>
      createBridgeServer(bridge, { era: "modern", session: scopeOf(Number(authInfo?.clientId ?? 0)) }),
    {
      legacy: "reject",
      onerror: (error) => bridge.logger.debug(`http (2026-07-28): ${error.message.slice(0, 300)}`),
    },
  );
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
    const url = new URL(req.url ?? "/", `http://${HTTP_HOST}:${actualPort}`);
    if (url.pathname !== "/mcp") return reply(res, 404, "Not found: the MCP endpoint is /mcp");
    const { host, origin } = req.headers;
    if (!host || !allowedHosts().includes(host)) {
      req.resume();
      return reply(res, 403, `Forbidden: invalid Host header ${JSON.stringify(host ?? "")}`);
    }
    if (origin !== undefined && !allowedOrigins().includes(origin)) {
      req.resume();
      return reply(res, 403, `Forbidden: invalid Origin header ${JSON.stringify(origin)}`);
    }
    const raw = req.method === "POST" ? await readBody(req) : undefined;
    if (raw instanceof Error) return reply(res, 413, raw.message);
    const body = raw === undefined ? undefined : parseJson(raw);
    if (body instanceof Error) return reply(res, 400, body.message);
    const request = toWebRequest(req, res, url.href, raw);

    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      // A session opened by another caller is answered exactly like an unknown one.
      if (!session || session.caller !== caller) return reply(res, 404, "Unknown or closed MCP session");
      cancelOnDisconnect(res, session.transport, body);
      return sendWebResponse(await session.transport.handleRequest(request, { parsedBody: body }), res);
    }
    if (!(await isLegacyRequest(request, body))) {
      const authInfo = { token: "", clientId: String(caller), scopes: [] };
      return sendWebResponse(await modern.fetch(request, { authInfo, parsedBody: body }), res);
    }
    if (req.method !== "POST" || !isInitializeRequest(body))
      return reply(res, 400, "No MCP session: send initialize first");
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
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
    await sendWebResponse(await transport.handleRequest(request, { parsedBody: body }), res);
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
      await modern.close().catch(() => {});
      for (const scope of callerScopes.values()) scope.close("the HTTP listener closed");
      callerScopes.clear();
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
  transport: WebStandardStreamableHTTPServerTransport,
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

async function readBody(req: IncomingMessage): Promise<Buffer | Error> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return new Error(`Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return new Error("Parse error: the request body is not JSON");
  }
}
