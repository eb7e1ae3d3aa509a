import {
  AbortError,
  type ClientParams,
  InvalidInputError,
  type JsonValue,
  type protocol,
} from "@codexkit/core";
import { raceSignal } from "../internal/async.js";
import { Paginated } from "../internal/pagination.js";
import {
  checkInteger,
  checkJsonObject,
  checkNonEmptyString,
  checkOneOf,
  checkOptionsObject,
  checkSignal,
  checkStringArray,
  checkStrings,
} from "../internal/validation.js";
import type { Session, SessionSource } from "../session/session.js";

/** One configured MCP server as codex sees it: connection state, tools, resources, auth status. */
export type McpServerStatus = protocol.v2.McpServerStatus;
/** What an MCP tool call through codex returned: content blocks, structured content, whether it failed. */
export type McpToolCallResult = protocol.v2.McpServerToolCallResponse;
/** What an MCP resource read through codex returned. */
export type McpResourceReadResult = protocol.v2.McpResourceReadResponse;
/** How an MCP OAuth login ended (`mcpServer/oauthLogin/completed`). */
export type McpLoginResult = protocol.v2.McpServerOauthLoginCompletedNotification;

/** Options of {@link Mcp.listServers}. */
export interface McpListServersOptions {
  /** Only this server. */
  serverName?: string;
  /** As a loaded thread sees them (its connections: `runtimeStatus` is filled in). */
  threadId?: string;
  /** `"full"` (default) or `"toolsAndAuthOnly"` (no resources: cheaper). */
  detail?: "full" | "toolsAndAuthOnly";
  /** Servers per request. Default: codex's. */
  pageSize?: number;
  /** Aborting stops fetching pages (the loop throws `AbortError`). */
  signal?: AbortSignal;
}

/** A tool call through codex's MCP connection (`mcpServer/tool/call`). */
export interface McpToolCall {
  /** A loaded thread whose MCP connection to use. */
  threadId: string;
  /** The MCP server's name in codex's configuration (`mcp_servers.<name>`). */
  server: string;
  /** The tool. */
  tool: string;
  /** Its arguments (a JSON object). */
  arguments?: Record<string, unknown>;
  /** MCP `_meta` for the request. */
  _meta?: Record<string, unknown>;
}

/** A resource read through codex's MCP connection (`mcpServer/resource/read`). */
export interface McpResourceRead {
  /** The MCP server's name in codex's configuration. */
  server: string;
  /** The resource URI. */
  uri: string;
  /** A loaded thread whose MCP connection to use (default: a connection of the server's own). */
  threadId?: string;
}

/** Options of {@link Mcp.login}. */
export interface McpLoginOptions {
  /** OAuth scopes to ask for. Default: the server's. */
  scopes?: string[];
  /** How long codex waits for the browser to come back, in seconds. Default: codex's. */
  timeoutSecs?: number;
  /** Log in for a loaded thread's registration of the server. */
  threadId?: string;
}

/**
 * An MCP OAuth login in progress, from `codex.mcp.login(name)`: open {@link McpLoginHandle.authorizationUrl}
 * in a browser, then {@link McpLoginHandle.wait} for codex to report the outcome.
 */
export class McpLoginHandle {
  /** @internal */
  constructor(
    /** The MCP server being logged in to. */
    readonly server: string,
    /** The URL to open in a browser. */
    readonly authorizationUrl: string,
    /** Identifies this attempt in codex's completion notification. */
    readonly loginId: string | undefined,
    private readonly completed: Promise<McpLoginResult>,
  ) {}

  /**
   * Resolves with the outcome once codex reports it (`success`, and `error` when it failed); rejects with
   * `AbortError` when `signal` aborts and with the close error when the connection closes.
   */
  wait(options: { signal?: AbortSignal } = {}): Promise<McpLoginResult> {
    checkOptionsObject(options, "wait options");
    checkSignal(options.signal);
    const { signal } = options;
    if (!signal) return this.completed;
    if (signal.aborted)
      return Promise.reject(new AbortError("MCP login wait aborted", { cause: signal.reason }));
    return raceSignal(this.completed, signal, ({ reject }) =>
      reject(new AbortError("MCP login wait aborted", { cause: signal.reason })),
    );
  }
}

/**
 * The MCP servers codex is configured with (`mcp_servers` in its config), reached as `codex.mcp`: their
 * status, tools and resources, OAuth login, reloading the configuration, and calling a tool or reading a
 * resource through codex's own connection (useful to check a server before a turn relies on it).
 *
 * @example
 * ```ts
 * for await (const server of codex.mcp.listServers()) {
 *   console.log(server.name, server.authStatus, Object.keys(server.tools));
 * }
 * ```
 */
export class Mcp {
  /** @internal */
  constructor(private readonly session: SessionSource) {}

  /**
   * The configured servers with their tools, resources and auth status (`mcpServerStatus/list`), page by
   * page. With `threadId`, as that thread's connections see them.
   *
   * @example
   * ```ts
   * const [github] = await codex.mcp.listServers({ serverName: "github" }).toArray();
   * ```
   */
  listServers(options: McpListServersOptions = {}): Paginated<McpServerStatus> {
    checkOptionsObject(options, "listServers options");
    checkStrings(options, ["serverName", "threadId"]);
    checkOneOf(options.detail, "detail", ["full", "toolsAndAuthOnly"]);
    checkInteger(options.pageSize, "pageSize", 1);
    checkSignal(options.signal);
    return new Paginated(async (cursor) => {
      const params: ClientParams<"mcpServerStatus/list"> = { cursor };
      if (options.serverName !== undefined) params.serverName = options.serverName;
      if (options.threadId !== undefined) params.threadId = options.threadId;
      if (options.detail) params.detail = options.detail;
      if (options.pageSize !== undefined) params.limit = options.pageSize;
      const page = await (await this.session()).request(
        "mcpServerStatus/list",
        params,
        options.signal ? { signal: options.signal } : {},
      );
      return { data: page.data, nextCursor: page.nextCursor };
    }, options.signal);
  }

  /**
   * Re-reads the MCP server configuration (`config/mcpServer/reload`), e.g. after `codex.config.write` added
   * a server; loaded threads pick the change up.
   *
   * @example
   * ```ts
   * await codex.config.write("mcp_servers.docs", { command: "docs-mcp" });
   * await codex.mcp.reload();
   * ```
   */
  async reload(): Promise<void> {
    await (await this.session()).request("config/mcpServer/reload");
  }

  /**
   * Calls a tool of an MCP server through codex's connection (`mcpServer/tool/call`). A tool that fails
   * answers `isError: true` with its message in `content`; an unknown server rejects.
   *
   * @example
   * ```ts
   * const result = await codex.mcp.callTool({ threadId: thread.id, server: "calc", tool: "add", arguments: { a: 2, b: 3 } });
   * console.log(result.structuredContent);
   * ```
   */
  async callTool(call: McpToolCall): Promise<McpToolCallResult> {
    checkOptionsObject(call, "tool call");
    if (call === undefined) throw new InvalidInputError("callTool needs { threadId, server, tool }");
    checkNonEmptyString(call.threadId, "threadId");
    checkNonEmptyString(call.server, "server");
    checkNonEmptyString(call.tool, "tool");
    checkJsonObject(call.arguments, "arguments");
    checkJsonObject(call._meta, "_meta");
    const params: ClientParams<"mcpServer/tool/call"> = {
      threadId: call.threadId,
      server: call.server,
      tool: call.tool,
    };
    if (call.arguments !== undefined) params.arguments = call.arguments as JsonValue;
    if (call._meta !== undefined) params._meta = call._meta as JsonValue;
    return (await this.session()).request("mcpServer/tool/call", params);
  }

  /**
   * Reads a resource of an MCP server through codex (`mcpServer/resource/read`).
   *
   * @example
   * ```ts
   * const { contents } = await codex.mcp.readResource({ server: "docs", uri: "docs://readme" });
   * ```
   */
  async readResource(read: McpResourceRead): Promise<McpResourceReadResult> {
    checkOptionsObject(read, "resource read");
    if (read === undefined) throw new InvalidInputError("readResource needs { server, uri }");
    checkNonEmptyString(read.server, "server");
    checkNonEmptyString(read.uri, "uri");
    checkStrings(read, ["threadId"]);
    const params: ClientParams<"mcpServer/resource/read"> = { server: read.server, uri: read.uri };
    if (read.threadId !== undefined) params.threadId = read.threadId;
    return (await this.session()).request("mcpServer/resource/read", params);
  }

  /**
   * Starts an OAuth login to a streamable-HTTP MCP server (`mcpServer/oauth/login`): codex discovers the
   * server's authorization server, and listens for the browser's redirect on the server's host. Open
   * `handle.authorizationUrl`, then `await handle.wait()`. A stdio server is refused (`InvalidRequestError`).
   *
   * @example
   * ```ts
   * const login = await codex.mcp.login("linear");
   * console.log("Open", login.authorizationUrl);
   * const { success, error } = await login.wait();
   * ```
   */
  async login(server: string, options: McpLoginOptions = {}): Promise<McpLoginHandle> {
    checkNonEmptyString(server, "server");
    checkOptionsObject(options, "login options");
    checkStringArray(options.scopes, "scopes");
    checkInteger(options.timeoutSecs, "timeoutSecs", 1);
    checkStrings(options, ["threadId"]);
    const session = await this.session();
    const params: ClientParams<"mcpServer/oauth/login"> = { name: server };
    if (options.scopes) params.scopes = options.scopes;
    // (typed bigint by the generator, an integer on the wire: JSON cannot carry a BigInt)
    if (options.timeoutSecs !== undefined) params.timeoutSecs = options.timeoutSecs as unknown as bigint;
    if (options.threadId !== undefined) params.threadId = options.threadId;
    const waiter = completionOf(session, server);
    try {
      const started = await session.request("mcpServer/oauth/login", params);
      waiter.attempt(started.loginId);
      return new McpLoginHandle(server, started.authorizationUrl, started.loginId, waiter.completed);
    } catch (error) {
      waiter.cancel();
      throw error;
    }
  }
}

/**
 * Listens for `mcpServer/oauthLogin/completed` before the login is sent (it may arrive right after the
 * answer): the attempt's `loginId` once known, else (servers that send no id, or before the answer) the
 * server's name.
 */
function completionOf(session: Session, server: string) {
  let loginId: string | undefined;
  let detach = () => {};
  const completed = new Promise<McpLoginResult>((resolve, reject) => {
    const offNote = session.onNotification((n) => {
      if (n.method !== "mcpServer/oauthLogin/completed") return;
      const ours = loginId && n.params.loginId ? n.params.loginId === loginId : n.params.name === server;
      if (!ours) return;
      detach();
      resolve(n.params);
    });
    const offClose = session.connection.onClose((error) => {
      detach();
      reject(error);
    });
    detach = () => {
      offNote();
      offClose();
    };
  });
  // (nobody has to wait for the outcome)
  completed.catch(() => {});
  return {
    completed,
    attempt(id: string | undefined) {
      loginId = id;
    },
    cancel: () => detach(),
  };
}
