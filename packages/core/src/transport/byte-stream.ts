/**
 * The runtime-neutral byte stream codexkit speaks JSONL over. `@codexkit/node` implements it over a child
 * process's stdio; a websocket or in-memory transport implements the same five members.
 *
 * @module
 */

/** A handle that stops a subscription. */
export type Unsubscribe = () => void;

/** A duplex stream of bytes (or text) to and from an app-server. */
export interface ByteStream {
  /** Subscribes to incoming data. Chunks may split lines and UTF-8 characters anywhere. */
  onData(listener: (chunk: Uint8Array | string) => void): Unsubscribe;
  /** Subscribes to the end of incoming data (the peer closed, or the stream failed). Fires once. */
  onClose(listener: (error?: Error) => void): Unsubscribe;
  /** Writes text (one or more complete JSONL lines). Resolves once handed to the runtime. */
  write(text: string): Promise<void>;
  /** Closes the writing side (for a process: ends its stdin). Safe to call more than once. */
  end(): void;
}
