import {
  InternalRpcError,
  InvalidParamsError,
  InvalidRequestError,
  JsonRpcError,
  MethodNotFoundError,
  ParseError,
  RetryLimitExceededError,
  ServerBusyError,
  ThreadBusyError,
} from "./errors.js";
import { codexSays } from "./server/error-texts.js";

/** JSON-RPC code the app-server uses when its ingress queue is saturated. */
export const SERVER_OVERLOADED_CODE = -32001;

/** True when `data` (recursively) says "server_overloaded", as codex marks overload errors. */
export function isServerOverloadedData(data: unknown, depth = 0): boolean {
  if (depth > 8 || data === null || data === undefined) return false;
  if (typeof data === "string") return data.toLowerCase() === "server_overloaded";
  if (Array.isArray(data)) return data.some((v) => isServerOverloadedData(v, depth + 1));
  if (typeof data === "object") return Object.values(data).some((v) => isServerOverloadedData(v, depth + 1));
  return false;
}

/**
 * Maps a JSON-RPC error answer to the most specific {@link JsonRpcError} subclass.
 *
 * codex answers most semantic failures with -32600, including unknown methods ("unknown variant"),
 * so the message is inspected as well as the code.
 */
export function mapJsonRpcError(
  code: unknown,
  message: unknown,
  data?: unknown,
  method?: string,
): JsonRpcError {
  const rpcCode = typeof code === "number" && Number.isFinite(code) ? code : -32000;
  const text = typeof message === "string" ? message : "unknown";
  const options = { data, ...(method === undefined ? {} : { method }) };
  switch (rpcCode) {
    case -32700:
      return new ParseError(rpcCode, text, { ...options, code: "parse_error" });
    case -32601:
      return new MethodNotFoundError(rpcCode, text, { ...options, code: "method_not_found" });
    case -32602:
      return new InvalidParamsError(rpcCode, text, { ...options, code: "invalid_params" });
    case -32603:
      return new InternalRpcError(rpcCode, text, { ...options, code: "internal_error" });
    case -32600:
      if (codexSays(text, "unknownMethod")) {
        return new MethodNotFoundError(rpcCode, text, { ...options, code: "method_not_found" });
      }
      if (codexSays(text, "activeWriter")) return new ThreadBusyError(rpcCode, text, options);
      return new InvalidRequestError(rpcCode, text, { ...options, code: "invalid_request" });
  }
  if (
    rpcCode === SERVER_OVERLOADED_CODE ||
    (rpcCode <= -32000 && rpcCode >= -32099 && isServerOverloadedData(data))
  ) {
    return codexSays(text, "retryLimit")
      ? new RetryLimitExceededError(rpcCode, text, { ...options, code: "retry_limit_exceeded" })
      : new ServerBusyError(rpcCode, text, { ...options, code: "server_busy" });
  }
  if (rpcCode <= -32000 && rpcCode >= -32099 && codexSays(text, "retryLimit")) {
    return new RetryLimitExceededError(rpcCode, text, { ...options, code: "retry_limit_exceeded" });
  }
  return new JsonRpcError(rpcCode, text, options);
}

/** Whether `error` is a transient overload worth retrying (see {@link retryOnOverload}). */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof ServerBusyError) return true;
  if (error instanceof JsonRpcError) return isServerOverloadedData(error.data);
  return false;
}
