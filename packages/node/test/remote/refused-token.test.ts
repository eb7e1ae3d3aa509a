import { execFile } from "node:child_process";
import { connect, createServer, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { inspect, promisify } from "node:util";
import {
  Codex,
  type CodexError,
  StartupError,
  TransportClosedError,
  UnauthorizedError,
} from "@codexkit/node";
import {
  createCodexHome,
  Reply,
  ScriptedModel,
  scaledTimeout,
  startAppServerListener,
} from "@codexkit/testing";
import { describe, expect, it } from "vitest";

const WRONG = "wrong-token-5f0c9e1a7b3d4c2e";

/** Everything an error shows a user or a log: message, stack, JSON, and `util.inspect` (causes included). */
function everythingShown(error: unknown): string {
  return [String(error), (error as Error).stack, JSON.stringify(error), inspect(error, { depth: 10 })].join(
    "\n",
  );
}

/**
 * A loopback TCP proxy whose upstream can be switched: `cut()` drops every piped connection (the client sees
 * code 1006), later connections go to the new target. Fault injection only; both targets are real app-servers.
 */
async function startSwitchableProxy(target: string) {
  let upstreamUrl = new URL(target);
  const open = new Set<Socket>();
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    const upstream = connect(Number(upstreamUrl.port), upstreamUrl.hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    switchTo(url: string) {
      upstreamUrl = new URL(url);
    },
    cut() {
      for (const socket of open) socket.destroy();
    },
    async [Symbol.asyncDispose]() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.concurrent("a token the WebSocket listener refuses is named as such, and never shown", () => {
  it("a wrong token: StartupError with code unauthorized, saying the server refused the token (HTTP 401)", async () => {
    await using model = await ScriptedModel.start();
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    await using server = await startAppServerListener({ home });
    const warnings: string[] = [];
    await using codex = new Codex({
      url: server.url,
      token: WRONG,
      onWarning: (w) => warnings.push(String(w)),
    });
    const error = (await codex.start().catch((e: unknown) => e)) as StartupError;
    expect(error).toBeInstanceOf(StartupError);
    expect(error.code).toBe("unauthorized");
    expect(error.message).toBe(
      `codex app-server at ${server.url} refused the token (HTTP 401 Unauthorized): it is not the one the server ` +
        "was started with (its --ws-token-file, or a JWT signed with its --ws-shared-secret-file); pass that one as `token`",
    );
    const cause = error.cause as UnauthorizedError;
    expect(cause).toBeInstanceOf(UnauthorizedError);
    expect(cause).toBeInstanceOf(TransportClosedError);
    expect(cause.code).toBe("unauthorized");
    expect(cause.status).toBe(401);
    expect(cause.endpoint).toBe(server.url);
    // ws's own error is kept underneath, for the record
    expect((cause.cause as Error).message).toBe("Unexpected server response: 401");
    const shown = everythingShown(error);
    expect(shown).toContain("refused the token");
    expect(shown).not.toContain(WRONG);
    expect(shown).not.toContain(server.token as string);
    expect(warnings.join("\n")).not.toContain(WRONG);
    // the right token still works on the same server
    await using right = new Codex({ url: server.url, token: server.token as string });
    expect((await right.threadList()).data).toEqual([]);
  });

  it("no token at a server that requires one: code unauthorized, saying a token is required and none was sent", async () => {
    await using model = await ScriptedModel.start();
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    await using server = await startAppServerListener({ home });
    await using codex = new Codex({ url: server.url });
    const error = (await codex.threadList().catch((e: unknown) => e)) as StartupError;
    expect(error).toBeInstanceOf(StartupError);
    expect(error.code).toBe("unauthorized");
    expect(error.message).toBe(
      `codex app-server at ${server.url} requires a token (HTTP 401 Unauthorized) and none was sent: ` +
        "pass the server's token as `token` (sent as `Authorization: Bearer …`)",
    );
    expect((error.cause as UnauthorizedError).status).toBe(401);
    expect(everythingShown(error)).not.toContain(server.token as string);
  });

  it("with reconnect: true, a refused token fails start() after one connection, not a retry loop", async () => {
    await using model = await ScriptedModel.start();
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    await using server = await startAppServerListener({ home });
    await using proxy = await startSwitchableProxy(server.url);
    await using codex = new Codex({ url: proxy.url, token: WRONG, reconnect: true });
    const error = (await codex.start().catch((e: unknown) => e)) as StartupError;
    expect(error).toBeInstanceOf(StartupError);
    expect(error.code).toBe("unauthorized");
    expect(error.message).toContain(
      `codex app-server at ${proxy.url} refused the token (HTTP 401 Unauthorized)`,
    );
    expect(proxy.accepted).toBe(1);
    expect(everythingShown(error)).not.toContain(WRONG);
  });

  it("a reconnect the server refuses stops at the first refusal; the running turn rejects naming it", async () => {
    await using model = await ScriptedModel.start({ script: [Reply.stall()] });
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    await using first = await startAppServerListener({ home });
    // A second real server behind the same address after the drop, started with another token (a rotated
    // token, or another server taking the port): the client's token is refused there.
    await using second = await startAppServerListener({ home });
    await using proxy = await startSwitchableProxy(first.url);
    await using codex = new Codex({
      url: proxy.url,
      token: first.token as string,
      reconnect: { attempts: 5, initialDelayMs: 50, maxDelayMs: 100 },
    });
    const thread = await codex.threadStart({ cwd: home.workspace });
    const handle = await thread.turn("wait");
    await model.waitForRequests(1, { timeoutMs: 20_000 });
    const run = handle.run().catch((e: unknown) => e);
    proxy.switchTo(second.url);
    proxy.cut();
    const error = (await run) as UnauthorizedError;
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error.code).toBe("unauthorized");
    expect(error.status).toBe(401);
    expect(error.endpoint).toBe(proxy.url);
    expect(error.message).toContain(`The connection to ${proxy.url} closed (code 1006)`);
    expect(error.message).toContain("reconnecting failed after 1 attempt(s)");
    expect(error.message).toContain(
      `codex app-server at ${proxy.url} refused the token (HTTP 401 Unauthorized)`,
    );
    // the first connection and one refused attempt: no retries of a token that cannot work
    expect(proxy.accepted).toBe(2);
    const later = (await codex.threadList().catch((e: unknown) => e)) as CodexError;
    expect(later).toBeInstanceOf(TransportClosedError);
    for (const shown of [everythingShown(error), everythingShown(later)]) {
      expect(shown).not.toContain(first.token as string);
      expect(shown).not.toContain(second.token as string);
    }
  });

  it("a WebSocket that hides the status (undici, Node's global WebSocket) fails at once with a hint, without the token", async () => {
    await using model = await ScriptedModel.start();
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    await using server = await startAppServerListener({ home });
    // A separate Node with the global WebSocket (a flag on Node 20, the default from Node 22), using the built
    // @codexkit/core as a user of the runtime-neutral entry would.
    const script = `
      import { WebSocketTransport } from "@codexkit/core";
      const transport = new WebSocketTransport(${JSON.stringify(server.url)}, { token: ${JSON.stringify(WRONG)} });
      const error = await transport.start().then(() => undefined, (e) => e);
      await transport.close();
      console.log(JSON.stringify({ name: error?.name, code: error?.code, message: error?.message, stack: error?.stack }));
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--experimental-websocket", "--no-warnings", "--input-type=module", "--eval", script],
      { cwd: fileURLToPath(new URL("../..", import.meta.url)), timeout: scaledTimeout(20_000) },
    );
    const reported = JSON.parse(stdout) as { name: string; code: string; message: string; stack: string };
    expect(reported.name).toBe("TransportClosedError");
    expect(reported.code).toBe("transport_closed");
    // Node 20 and 22 say "Received network error or non-101 status code", Node 24 nothing: both get the hint.
    expect(reported.message).toMatch(
      new RegExp(
        `^could not connect to ${server.url}(: Received network error or non-101 status code\\.)? \\(this WebSocket implementation does not say why: a refused or missing token \\(HTTP 401\\)`,
      ),
    );
    expect(reported.message).toContain("the `ws` package, passed as the WebSocket option, names the status");
    expect(`${reported.message}\n${reported.stack}`).not.toContain(WRONG);
  });
});
