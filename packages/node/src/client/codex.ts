// Installs vscode-jsonrpc's Node runtime (setImmediate dispatch) for every connection made from Node.
import "vscode-jsonrpc/node";
import type { Transport } from "@codexkit/core";
import type { Session } from "../session/session.js";
import { localTransportFor } from "../transports/local-transport.js";
import { keepAliveWhileBusy } from "../transports/process/keep-alive.js";
import { ProcessTransport } from "../transports/process/process-transport.js";
import { checkLocalDirectory } from "../transports/process/spawn-transport.js";
import { CodexClient } from "./codex-client.js";
import type { CodexOptions } from "./codex-options.js";

/**
 * A client of one `codex app-server`: spawned locally over stdio (the default), or reached over
 * `{ url: "ws://…" | "wss://…", token }`, `{ url: "unix:///path.sock" }`, `{ command: [...] }` or
 * `{ transport }`. Starts lazily on first use (or with {@link Codex.start}) and stops with
 * {@link Codex.close} — or automatically with `await using`.
 *
 * @example
 * ```ts
 * await using codex = new Codex();
 * const thread = await codex.threadStart({ model: "gpt-5.5" });
 * const result = await thread.run("Say hello in one sentence.");
 * console.log(result.finalResponse);
 * ```
 */
export class Codex extends CodexClient {
  /** The spawned app-server's (or command's) pid, once started; undefined over a socket or your own transport. */
  get pid(): number | undefined {
    const transport = this.transport;
    return transport instanceof ProcessTransport ? transport.pid : undefined;
  }

  /** Adds the local transports: spawn (default), `command`, `unix://` and `ws`-backed `ws://`/`wss://`. */
  protected override openTransport(): Transport {
    return localTransportFor(this.options, this.secrets);
  }

  /** A spawned app-server runs here: its directories must exist on this machine. @internal */
  protected override checkDirectory(value: string | undefined, name: string, base?: string): void {
    if (spawnsLocally(this.options)) checkLocalDirectory(value, name, base);
  }

  /** Lets Node exit while nothing runs on a local process, so a program that forgets close() ends. @internal */
  protected override sessionOpened(session: Session, transport: Transport): void {
    const child = transport instanceof ProcessTransport ? transport.process?.child : undefined;
    if (child) keepAliveWhileBusy(child, session);
  }
}

/** Whether the client spawns `codex app-server` itself (no `url`, `command` or `transport`). */
function spawnsLocally(options: CodexOptions): boolean {
  return options.url === undefined && options.command === undefined && options.transport === undefined;
}
