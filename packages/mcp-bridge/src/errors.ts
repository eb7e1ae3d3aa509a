import { codexSays } from "@codexkit/core/internal";
import { CodexError, JsonRpcError } from "@codexkit/node";

/** Stable codes of {@link BridgeError}. */
export type BridgeErrorCode =
  | "policy_violation"
  | "invalid_argument"
  | "configuration"
  | "aborted"
  | "limit_exceeded";

/**
 * An error the bridge reports to the caller as a tool error result (`isError: true`) with its message,
 * before anything was started. `code` says why.
 */
export class BridgeError extends CodexError {
  /** Why the request was refused. */
  readonly bridgeCode: BridgeErrorCode;
  constructor(bridgeCode: BridgeErrorCode, message: string) {
    super(message, { code: "invalid_input" });
    this.bridgeCode = bridgeCode;
  }
}

/** The request asks for more than the operator allows (cwd outside the roots, a higher sandbox or approval). */
export class PolicyViolationError extends BridgeError {
  constructor(message: string) {
    super("policy_violation", message);
  }
}

/** An argument is well-typed but unusable (empty or oversized prompt, a schema that is not an object, …). */
export class InvalidArgumentError extends BridgeError {
  constructor(message: string) {
    super("invalid_argument", message);
  }
}

/** The operator's configuration (flags, environment) is invalid. */
export class ConfigurationError extends BridgeError {
  constructor(message: string) {
    super("configuration", message);
  }
}

/** The call was cancelled, timed out or the bridge shut down before the turn started. */
export class RunAbortedError extends BridgeError {
  constructor(message: string) {
    super("aborted", message);
  }
}

/** The operator's concurrency limit (per session or in total) is reached; the run was refused, not queued. */
export class LimitExceededError extends BridgeError {
  constructor(message: string) {
    super("limit_exceeded", message);
  }
}

/** @internal A clear error for an unknown or malformed thread id; other errors pass through. */
export function threadError(threadId: string, error: unknown): unknown {
  if (error instanceof JsonRpcError && codexSays(error.rpcMessage, "unknownThread")) {
    return new InvalidArgumentError(`unknown threadId ${JSON.stringify(threadId)} (${error.rpcMessage})`);
  }
  return error;
}
