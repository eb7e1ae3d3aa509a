import { RAL } from "vscode-jsonrpc";

/**
 * vscode-jsonrpc's common entry point has no runtime layer until `vscode-jsonrpc/node` or `/browser` is
 * loaded, and a connection created without one never processes messages. Core must not import either
 * (it is runtime-neutral), so when no runtime is installed yet we install a minimal one built only on
 * web-standard globals. Our JSONL reader and writer do not use its message buffers or content encoders.
 */
export function ensureJsonRpcRuntime(): void {
  try {
    RAL();
    return;
  } catch {
    // not installed yet: fall through
  }
  const unsupported = (what: string) => () => {
    throw new Error(
      `codexkit's neutral runtime does not provide ${what}; load vscode-jsonrpc/node or /browser`,
    );
  };
  RAL.install({
    crypto: { randomUUID: () => globalThis.crypto.randomUUID() },
    applicationJson: {
      encoder: { name: "application/json", encode: unsupported("content encoders") },
      decoder: { name: "application/json", decode: unsupported("content decoders") },
    },
    messageBuffer: { create: unsupported("message buffers") },
    console: globalThis.console,
    timer: {
      setTimeout(callback, ms, ...args) {
        const handle = setTimeout(callback, ms, ...args);
        return { dispose: () => clearTimeout(handle) };
      },
      setImmediate(callback, ...args) {
        // Node and Bun have setImmediate (no 1 ms clamp); elsewhere (Deno, workers) a zero timeout.
        const immediate = (globalThis as { setImmediate?: (cb: () => void) => unknown }).setImmediate;
        const clear = (globalThis as { clearImmediate?: (handle: unknown) => void }).clearImmediate;
        if (immediate && clear) {
          const handle = immediate(() => callback(...args));
          return { dispose: () => clear(handle) };
        }
        const handle = setTimeout(callback, 0, ...args);
        return { dispose: () => clearTimeout(handle) };
      },
      setInterval(callback, ms, ...args) {
        const handle = setInterval(callback, ms, ...args);
        return { dispose: () => clearInterval(handle) };
      },
    },
  });
}
