import { Codex, type ReconnectOptions } from "@codexkit/node";
import {
  type AppServerListener,
  type CodexHome,
  createCodexHome,
  type ScriptedModel,
  startAppServerListener,
} from "@codexkit/testing";
import { type CuttableProxy, startCuttableProxy } from "./cuttable-proxy.js";

/** A real app-server listener on `model`, a {@link CuttableProxy} in front of it, and a client through that. */
export interface BehindProxy extends AsyncDisposable {
  home: CodexHome;
  server: AppServerListener;
  proxy: CuttableProxy;
  /** Connected to the proxy's url, with the server's token and `reconnect`. Not started yet. */
  codex: Codex;
}

/** Starts the parts of a reconnect test; disposing it closes them in reverse order. */
export async function startBehindProxy(
  model: ScriptedModel,
  reconnect: true | ReconnectOptions,
): Promise<BehindProxy> {
  const home = await createCodexHome({ baseUrl: model.baseUrl });
  const parts: AsyncDisposable[] = [home];
  const dispose = async () => {
    for (const part of parts.reverse()) await part[Symbol.asyncDispose]();
  };
  try {
    const server = await startAppServerListener({ home });
    parts.push(server);
    const proxy = await startCuttableProxy(server.url);
    parts.push(proxy);
    const codex = new Codex({ url: proxy.url, token: server.token as string, reconnect });
    parts.push(codex);
    return { home, server, proxy, codex, [Symbol.asyncDispose]: dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
