import { connect, createServer, type Socket } from "node:net";

/**
 * A loopback TCP proxy the test controls, in front of a real app-server listener: `cut()` destroys every
 * piped connection at once (both sides: the client sees an abnormal close, code 1006), `refuse()` stops
 * accepting new ones, `dropFromServer()` swallows one server message and `replaceFromServer()` rewrites one.
 * Fault injection only; the server behind it is the real `codex app-server`.
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
  /**
   * Swallows the next server → client message whose JSON text `matches` (on any connection), as if the
   * client had never been sent it. Resolves when it has been swallowed.
   */
  dropFromServer(matches: (text: string) => boolean): Promise<void>;
  /**
   * Sends, in place of the next server → client message whose JSON text `matches` (on any connection), what
   * `replace` makes of it. Resolves when it has been replaced.
   */
  replaceFromServer(matches: (text: string) => boolean, replace: (text: string) => string): Promise<void>;
}

/** A one-shot filter on the server's WebSocket text frames: the frame is left out, or replaced. */
interface Drop {
  matches: (text: string) => boolean;
  replace?: (text: string) => string;
  /** Called once the frame is left out or replaced. */
  done: () => void;
}

/** One unmasked WebSocket text frame (as a server sends) carrying `text`. */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  const length = payload.length;
  let header: Buffer;
  if (length < 126) header = Buffer.from([0x81, length]);
  else if (length < 0x10000) {
    header = Buffer.from([0x81, 126, 0, 0]);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x81;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/**
 * Pipes the server's side of one proxied WebSocket connection to the client: the HTTP upgrade answer as
 * it is, then frame by frame (server frames are unmasked), leaving out (or replacing) a text frame the pending
 * drop matches.
 */
function pipeServerFrames(upstream: Socket, client: Socket, drops: Drop[]): void {
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  upstream.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!upgraded) {
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      client.write(buffer.subarray(0, end + 4));
      buffer = buffer.subarray(end + 4);
      upgraded = true;
    }
    for (;;) {
      if (buffer.length < 2) return;
      const opcode = (buffer[0] as number) & 0x0f;
      let length = (buffer[1] as number) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (buffer.length < offset + length) return;
      const frame = buffer.subarray(0, offset + length);
      buffer = buffer.subarray(offset + length);
      const drop = drops[0];
      if (opcode === 1 && drop) {
        const text = frame.subarray(offset).toString("utf8");
        if (drop.matches(text)) {
          drops.shift();
          if (drop.replace) client.write(textFrame(drop.replace(text)));
          drop.done();
          continue;
        }
      }
      client.write(frame);
    }
  });
}

export async function startCuttableProxy(target: string): Promise<CuttableProxy> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let accepted = 0;
  const drops: Drop[] = [];
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
    pipeServerFrames(upstream, client, drops);
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
    dropFromServer(matches) {
      return new Promise<void>((done) => drops.push({ matches, done }));
    },
    replaceFromServer(matches, replace) {
      return new Promise<void>((done) => drops.push({ matches, replace, done }));
    },
    async [Symbol.asyncDispose]() {
      await refuse();
    },
  };
}
