import { ResponseError } from "vscode-jsonrpc";
import { mapJsonRpcError } from "../error-mapping.js";
import { type CodexError, TransportClosedError } from "../errors.js";
import type { Transport, TransportClose } from "../transport/transport.js";
import type { ConnectionOptions } from "./connection-options.js";
import { connectionGoneCode } from "./jsonrpc-seam.js";

/**
 * @internal The error a failed request rejects with: a JSON-RPC error answer mapped to its
 * `JsonRpcError` subclass, or the connection's close error (`closeError`) when the connection is gone.
 */
export function requestErrorOf(error: unknown, method: string, closeError: CodexError | undefined): unknown {
  if (error instanceof ResponseError) {
    // vscode-jsonrpc's own codes for a dead connection (jsonrpc-seam.ts): not a server answer.
    const gone = error.code === connectionGoneCode.disposed || error.code === connectionGoneCode.writeFailed;
    if (gone && closeError) return closeError;
    if (error.code === connectionGoneCode.writeFailed) {
      return new TransportClosedError(`Could not send ${method} to codex app-server: ${error.message}`, {
        cause: error,
      });
    }
    return mapJsonRpcError(error.code, error.message, error.data, method);
  }
  return closeError ?? error;
}

/**
 * @internal The error pending and later calls fail with once `transport` closed: built by `describeClose`
 * (the connection option), else by the transport's own `describeClose`, else {@link defaultCloseError}; a
 * describer that throws yields a {@link TransportClosedError} caused by its error.
 */
export async function describeConnectionClose(
  transport: Transport,
  describeClose: ConnectionOptions["describeClose"],
  streamError: Error | undefined,
  close: TransportClose,
): Promise<CodexError> {
  try {
    if (describeClose) return await describeClose(streamError, close);
    if (transport.describeClose) return await transport.describeClose(close);
    return defaultCloseError(transport.endpoint, close);
  } catch (error) {
    return new TransportClosedError(undefined, { cause: error });
  }
}

/** @internal The close error of a transport that does not describe its own: it names the endpoint and close code. */
export function defaultCloseError(endpoint: string, close: TransportClose): TransportClosedError {
  const code = close.code === undefined ? "" : ` with code ${close.code}`;
  const reason = close.reason ? ` (${close.reason})` : "";
  return new TransportClosedError(`The connection to ${endpoint} closed${code}${reason}`, {
    endpoint,
    ...(close.code === undefined ? {} : { closeCode: close.code }),
    ...(close.error ? { cause: close.error } : {}),
  });
}
