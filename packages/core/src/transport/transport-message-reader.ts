import { AbstractMessageReader, type DataCallback, type Disposable, type Message } from "vscode-jsonrpc";
import { MalformedMessageError } from "../errors.js";
import type { Unsubscribe } from "./byte-stream.js";
import { notJsonRpcReason } from "./message-codec.js";
import type { Transport, TransportClose } from "./transport.js";

/**
 * A vscode-jsonrpc `MessageReader` over a {@link Transport}. A decoded object that is not a JSON-RPC
 * message is reported through `onError` (and `onMalformed`) as a {@link MalformedMessageError}; reading
 * goes on. `intercept`, when given, sees each message first; returning true means it was handled and is
 * not passed on. `onTransportClose` learns how the transport closed, before the reader fires its close.
 */
export class TransportMessageReader extends AbstractMessageReader {
  private callback: DataCallback | undefined;
  private readonly unsubscribers: Unsubscribe[] = [];

  constructor(
    private readonly transport: Transport,
    private readonly hooks: {
      onMalformed?: ((error: MalformedMessageError) => void) | undefined;
      intercept?: (message: Message) => boolean;
      onTransportClose?: (close: TransportClose) => void;
    } = {},
  ) {
    super();
  }

  /** Starts reading: `callback` receives each message. Dispose the result to stop. */
  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    this.unsubscribers.push(
      this.transport.onMessage((message) => {
        const reason = notJsonRpcReason(message);
        if (reason) {
          this.reportMalformed(new MalformedMessageError(JSON.stringify(message), reason));
          return;
        }
        const current = this.callback;
        if (!current || this.hooks.intercept?.(message as unknown as Message)) return;
        current(message as unknown as Message);
      }),
      this.transport.onError((error) => {
        if (error instanceof MalformedMessageError) this.reportMalformed(error);
        else this.fireError(error);
      }),
      this.transport.onClose((close) => {
        this.hooks.onTransportClose?.(close);
        this.fireClose();
      }),
    );
    return { dispose: () => this.stopListening() };
  }

  /** Stops reading and releases the reader's listeners. */
  override dispose(): void {
    this.stopListening();
    super.dispose();
  }

  private stopListening(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.callback = undefined;
  }

  private reportMalformed(error: MalformedMessageError): void {
    this.hooks.onMalformed?.(error);
    this.fireError(error);
  }
}
