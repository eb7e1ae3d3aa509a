import { Listeners } from "../connection/listeners.js";
import type { Unsubscribe } from "./byte-stream.js";
import type { JsonRpcMessage, Transport, TransportClose } from "./transport.js";

/**
 * The listener bookkeeping every {@link Transport} shares: fan-out of messages, errors and the one close.
 * Subclasses connect in `start`, deliver with `deliver` / `report`, and end with `finish` (which fires
 * `onClose` exactly once and drops every listener, so a closed transport holds nothing).
 */
export abstract class AbstractTransport implements Transport {
  /** Where this transport leads (never a secret). */
  abstract readonly endpoint: string;
  private readonly messageListeners = new Listeners<JsonRpcMessage>();
  private readonly errorListeners = new Listeners<Error>();
  private readonly closeListeners = new Listeners<TransportClose>();
  private closeInfo: TransportClose | undefined;

  /** How the transport closed; undefined while it is open. */
  get closed(): TransportClose | undefined {
    return this.closeInfo;
  }

  abstract start(): Promise<void>;
  abstract send(message: JsonRpcMessage): Promise<void>;
  abstract close(): Promise<void>;

  onMessage(listener: (message: JsonRpcMessage) => void): Unsubscribe {
    return this.messageListeners.add(listener);
  }

  onError(listener: (error: Error) => void): Unsubscribe {
    return this.errorListeners.add(listener);
  }

  onClose(listener: (close: TransportClose) => void): Unsubscribe {
    if (this.closeInfo) {
      const info = this.closeInfo;
      queueMicrotask(() => listener(info));
      return () => {};
    }
    return this.closeListeners.add(listener);
  }

  /** Hands one incoming message to the listeners (nothing after the close). */
  protected deliver(message: JsonRpcMessage): void {
    if (!this.closeInfo) this.messageListeners.emit(message);
  }

  /** Reports an error to the listeners (nothing after the close). */
  protected report(error: Error): void {
    if (!this.closeInfo) this.errorListeners.emit(error);
  }

  /** Ends the transport: fires `onClose` once and releases every listener. Later calls do nothing. */
  protected finish(close: TransportClose): void {
    if (this.closeInfo) return;
    if (close.error) this.errorListeners.emit(close.error);
    this.closeInfo = close;
    this.closeListeners.emit(close);
    this.closeListeners.clear();
    this.messageListeners.clear();
    this.errorListeners.clear();
  }
}
