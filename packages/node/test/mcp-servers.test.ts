import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { Codex, InvalidInputError, InvalidParamsError, InvalidRequestError } from "@codexkit/node";
import { createTestCodex } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

/** A real MCP server (stdio, @modelcontextprotocol/sdk) with a tool `add` and a resource `note://greeting`. */
const FIXTURE = fileURLToPath(new URL("./support/mcp-fixture-server.mjs", import.meta.url));
const fixture = { command: process.execPath, args: [FIXTURE] };

/**
 * An OAuth-protected streamable-HTTP MCP endpoint on 127.0.0.1 with its authorization server (metadata,
 * dynamic client registration, token endpoint): enough for codex's whole OAuth login, offline.
 */
async function startOAuthServer(): Promise<{ base: string; tokenRequests: string[]; server: Server }> {
  const tokenRequests: string[] = [];
  let base = "";
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(value));
      };
      const path = new URL(req.url ?? "/", base).pathname;
      if (path === "/mcp") {
        return json(
          401,
          { error: "unauthorized" },
          {
            "www-authenticate": `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource"`,
          },
        );
      }
      if (path === "/.well-known/oauth-protected-resource") {
        return json(200, { resource: `${base}/mcp`, authorization_servers: [base] });
      }
      if (path === "/.well-known/oauth-authorization-server") {
        return json(200, {
          issuer: base,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          registration_endpoint: `${base}/register`,
          response_types_supported: ["code"],
          code_challenge_methods_supported: ["S256"],
          grant_types_supported: ["authorization_code", "refresh_token"],
          token_endpoint_auth_methods_supported: ["none"],
        });
      }
      if (path === "/register") {
        const { redirect_uris } = JSON.parse(body) as { redirect_uris: string[] };
        return json(201, { client_id: "fixture-client", redirect_uris, token_endpoint_auth_method: "none" });
      }
      if (path === "/token") {
        tokenRequests.push(body);
        return json(200, { access_token: "fixture-access-token", token_type: "Bearer", expires_in: 3600 });
      }
      json(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { base, tokenRequests, server };
}

describe("codex.mcp: the MCP servers codex is configured with", () => {
  it("lists servers with their tools and resources, calls a tool and reads a resource through codex", async () => {
    await using t = await createTestCodex({ home: { extraConfig: { mcp_servers: { fixture } } } });
    const servers = await t.codex.mcp.listServers().toArray();
    expect(servers.map((server) => server.name)).toEqual(["fixture"]);
    expect(Object.keys(servers[0]?.tools ?? {})).toEqual(["add"]);
    expect(servers[0]?.resources.map((resource) => resource.uri)).toEqual(["note://greeting"]);
    expect(servers[0]?.authStatus).toBe("unsupported");

    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const [seenByThread] = await t.codex.mcp
      .listServers({ threadId: thread.id, serverName: "fixture" })
      .toArray();
    expect(seenByThread?.runtimeStatus).toBe("connected");

    const sum = await t.codex.mcp.callTool({
      threadId: thread.id,
      server: "fixture",
      tool: "add",
      arguments: { a: 2, b: 3 },
    });
    expect(sum).toMatchObject({
      content: [{ type: "text", text: "2 + 3 = 5" }],
      structuredContent: { sum: 5 },
    });
    const failed = await t.codex.mcp.callTool({ threadId: thread.id, server: "fixture", tool: "missing" });
    expect(failed.isError).toBe(true);
    expect(JSON.stringify(failed.content)).toContain("Tool missing not found");

    const read = await t.codex.mcp.readResource({ server: "fixture", uri: "note://greeting" });
    expect(read.contents).toEqual([
      { uri: "note://greeting", mimeType: "text/plain", text: "hello from the fixture" },
    ]);
    await expect(t.codex.mcp.readResource({ server: "fixture", uri: "note://nope" })).rejects.toBeInstanceOf(
      InvalidParamsError,
    );
  });

  it("reload connects a loaded thread to a server added to the configuration", async () => {
    await using t = await createTestCodex({ home: { extraConfig: { mcp_servers: { fixture } } } });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const started: string[] = [];
    const secondReady = new Promise<void>((resolve) => {
      t.codex.onNotification((n) => {
        if (n.method !== "mcpServer/startupStatus/updated" || n.params.threadId !== thread.id) return;
        started.push(`${n.params.name}:${n.params.status}`);
        if (n.params.name === "second" && n.params.status === "ready") resolve();
      });
    });
    await t.codex.config.write("mcp_servers.second", fixture);
    expect(started.filter((s) => s.startsWith("second"))).toEqual([]); // a write alone connects nothing
    await t.codex.mcp.reload();
    await secondReady;
    const [second] = await t.codex.mcp.listServers({ threadId: thread.id, serverName: "second" }).toArray();
    expect(second?.runtimeStatus).toBe("connected");
    const names = (await t.codex.mcp.listServers({ detail: "toolsAndAuthOnly", pageSize: 1 }).toArray()).map(
      (server) => server.name,
    );
    expect(names.sort()).toEqual(["fixture", "second"]);
  });

  it("OAuth login: the authorization URL, the browser's redirect, and the outcome codex reports", async () => {
    const oauth = await startOAuthServer();
    try {
      await using t = await createTestCodex({
        home: { extraConfig: { mcp_servers: { remote: { url: `${oauth.base}/mcp` } } } },
      });
      const login = await t.codex.mcp.login("remote", { timeoutSecs: 60 });
      expect(login.server).toBe("remote");
      expect(login.loginId).toMatch(/\S/);
      const url = new URL(login.authorizationUrl);
      expect(`${url.origin}${url.pathname}`).toBe(`${oauth.base}/authorize`);
      expect(url.searchParams.get("client_id")).toBe("fixture-client");
      // what the user's browser does after they approve: back to codex's redirect URI with a code
      const redirect = `${url.searchParams.get("redirect_uri")}?code=the-code&state=${url.searchParams.get("state")}`;
      expect((await fetch(redirect)).status).toBe(200);
      expect(await login.wait()).toMatchObject({ name: "remote", loginId: login.loginId, success: true });
      expect(oauth.tokenRequests[0]).toContain("code=the-code");
    } finally {
      oauth.server.close();
    }
  });

  it("a login codex cannot do is refused: a stdio server, an unknown server", async () => {
    await using t = await createTestCodex({ home: { extraConfig: { mcp_servers: { fixture } } } });
    await expect(t.codex.mcp.login("fixture")).rejects.toThrow(/only supported for streamable HTTP servers/);
    await expect(t.codex.mcp.login("nope")).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it("refuses bad arguments with InvalidInputError before connecting", async () => {
    const codex = new Codex({ codexPath: "/nonexistent/codex" });
    const bad: Array<() => Promise<unknown>> = [
      () => codex.mcp.callTool({ threadId: "", server: "s", tool: "t" }),
      () =>
        codex.mcp.callTool({
          threadId: "x",
          server: "s",
          tool: "t",
          arguments: [] as unknown as Record<string, unknown>,
        }),
      () => codex.mcp.callTool(undefined as unknown as { threadId: string; server: string; tool: string }),
      () => codex.mcp.readResource({ server: "s", uri: "" }),
      () => codex.mcp.login(""),
      () => codex.mcp.login("s", { timeoutSecs: 0 }),
      () => codex.mcp.login("s", { scopes: "read" as unknown as string[] }),
      async () => codex.mcp.listServers({ detail: "all" as "full" }),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidInputError);
    expect(codex.transport).toBeUndefined();
    await codex.close();
  });
});
