import { connect, createServer, type Socket } from "node:net";

/**
 * A loopback TCP proxy the test controls, in front of a real app-server listener: `cut()` destroys every
 * piped connection at once (both sides: the client sees an abnormal close, code 1006), `refuse()` stops
 * accepting new ones. Fault injection only; the server behind it is the real `codex app-server`.
 */
export interface CuttableProxy extends AsyncDisposable {
  /** `ws://127.0.0.1:PORT` of the proxy. */
  url: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Destroys every open connection (client and server side). */
  cut(): void;
  /** Closes the listening socket: later connection attempts are refused. */
  refuse(): Promise<void>;
}

export async function startCuttableProxy(target: string): Promise<CuttableProxy> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    const upstream = connect(Number(port), hostname);
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
  const address = server.address() as { port: number };
  let listening = true;
  const refuse = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
      for (const socket of open) socket.destroy();
    });
  return {
    url: `ws://127.0.0.1:${address.port}`,
    get accepted() {
      return accepted;
    },
    cut() {
      for (const socket of open) socket.destroy();
    },
    refuse,
    async [Symbol.asyncDispose]() {
      await refuse();
    },
  };
}
