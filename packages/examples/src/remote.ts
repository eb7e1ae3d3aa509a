/**
 * Remote: every way to connect a `Codex` — spawn locally (the default), a `ws://` / `wss://` app-server
 * with a bearer token, a unix socket, a custom launch command, or a transport you build — and run one turn
 * over each.
 *
 *   pnpm --filter @codexkit/examples run example:remote
 *   CODEX_URL=ws://10.0.0.5:4500 CODEX_TOKEN=... pnpm --filter @codexkit/examples run example:remote
 *
 * Start a server to connect to with `codex app-server --listen ws://127.0.0.1:4500 --ws-auth
 * capability-token --ws-token-file /path/to/token` (or `--listen unix:///path/to.sock`). Without
 * CODEX_URL the example starts such servers itself, against the embedded scripted model.
 */
import { Codex, type CodexOptions, resolveCodexBinary, WebSocketTransport } from "@codexkit/node";
import {
  createCodexHome,
  type ModelReply,
  Reply,
  ScriptedModel,
  startAppServerListener,
} from "@codexkit/testing";
import WebSocket from "ws";
import { isMain } from "./support/environment.js";
import { type Output, println } from "./support/output.js";

/** The ways to connect this example shows. */
export const WAYS = ["spawn", "websocket", "unix", "command", "transport"] as const;
/** One way to connect. */
export type Way = (typeof WAYS)[number];

/** Where the listening servers are (see {@link connectionOptions}). */
export interface Servers {
  /** A `ws://` app-server and its capability token. */
  websocket: { url: string; token: string };
  /** A `unix://` app-server. */
  unix: { url: string };
  /** CODEX_HOME and environment for the servers this client spawns itself (`spawn`, `command`). */
  local: { codexHome: string; env: Record<string, string>; cwd: string };
}

/** The `Codex` options of each way to connect. */
export function connectionOptions(way: Way, servers: Servers): CodexOptions {
  const { local } = servers;
  switch (way) {
    case "spawn": // new Codex(): spawn `codex app-server` over stdio
      return { codexHome: local.codexHome, env: local.env, cwd: local.cwd };
    case "websocket": // sent as `Authorization: Bearer <token>`, never in the URL
      return { url: servers.websocket.url, token: servers.websocket.token };
    case "unix": // WebSocket over the socket; no auth
      return { url: servers.unix.url };
    case "command": {
      // any command whose stdio speaks the protocol: `docker exec -i box codex app-server`, `ssh host …`
      const codex = resolveCodexBinary({});
      return {
        command: [codex.command, ...codex.args, "app-server"],
        env: { ...local.env, CODEX_HOME: local.codexHome },
        cwd: local.cwd,
      };
    }
    case "transport": // anything else: a Transport you build (here core's WebSocket adapter over `ws`)
      return {
        transport: new WebSocketTransport(servers.websocket.url, {
          WebSocket,
          token: servers.websocket.token,
        }),
      };
  }
}

/** Connects one way, runs one turn, prints where it ran and the answer. */
export async function main({
  options,
  cwd,
  out = process.stdout,
  label,
}: {
  options: CodexOptions;
  cwd: string;
  out?: Output;
  label: string;
}): Promise<string | undefined> {
  await using codex = new Codex(options);
  const thread = await codex.threadStart({ cwd });
  const result = await thread.run("Say hello from where you run.");
  println(out, `${label} (${codex.transport?.endpoint}): ${result.finalResponse ?? "(no answer)"}`);
  return result.finalResponse;
}

/** What the scripted model answers, one turn per way. */
export function script(): ModelReply[] {
  return WAYS.map(() => Reply.message("hello from the app-server"));
}

if (isMain(import.meta.url)) {
  void (async () => {
    const url = process.env.CODEX_URL;
    if (url) {
      const token = process.env.CODEX_TOKEN;
      await main({ options: { url, ...(token ? { token } : {}) }, cwd: ".", label: "remote" });
      return;
    }
    await using model = await ScriptedModel.start({ script: script() });
    await using home = await createCodexHome({ baseUrl: model.baseUrl });
    await using ws = await startAppServerListener({ home });
    await using unix = await startAppServerListener({ home, listen: "unix" });
    const servers: Servers = {
      websocket: { url: ws.url, token: ws.token as string },
      unix: { url: unix.url },
      local: { codexHome: home.path, env: { ...home.env }, cwd: home.workspace },
    };
    for (const way of WAYS)
      await main({ options: connectionOptions(way, servers), cwd: home.workspace, label: way });
  })().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
