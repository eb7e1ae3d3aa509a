import { InvalidInputError } from "@codexkit/core";
import { HANDLER_NAMES } from "../approvals/approvals.js";
import type { CodexOptions } from "../client/codex-options.js";
import { checkNumber, checkOptionsObject, describeValue, isPlainObject } from "../internal/validation.js";

/**
 * Options of {@link CodexPool}: either `size` local app-servers built from the other options here
 * (`codexHome`, `codexPath`, `env`, `config`, handlers, limits …), or an explicit `members` list.
 */
export interface CodexPoolOptions extends CodexOptions {
  /** Number of local app-servers, each started from the remaining options (a positive integer). */
  size?: number;
  /**
   * Explicit members, each a full {@link CodexOptions} (a local process with its own `codexHome`, or a
   * remote app-server). The pool's own limits (`maxConcurrentTurns`, `maxLoadedThreads`,
   * `idleTimeoutMs`) and request handlers apply to members that do not set their own; nothing else is
   * inherited.
   */
  members?: readonly CodexOptions[];
  /**
   * Restart backoff of a member whose app-server died: the first delay, doubling up to the maximum. A
   * remote (`url`) member's server cannot be restarted by the pool: it reconnects to the same URL with
   * this backoff, for as long as the pool is open, until the server listens again.
   */
  restart?: {
    /** First delay, in ms. Default 200. */
    initialDelayMs?: number;
    /** Largest delay, in ms. Default 10000. */
    maxDelayMs?: number;
  };
}

/** Throws {@link InvalidInputError} unless `options` describe a pool: `size` or `members`, not both. */
export function checkPoolOptions(options: unknown): asserts options is CodexPoolOptions {
  if (options === undefined)
    throw new InvalidInputError("CodexPool options are required: { size } or { members }");
  checkOptionsObject(options, "CodexPool options");
  const { size, members, restart } = options as Record<string, unknown>;
  if ((size === undefined) === (members === undefined))
    throw new InvalidInputError("CodexPool options need exactly one of size and members");
  if (size !== undefined && (typeof size !== "number" || !Number.isInteger(size) || size < 1))
    throw new InvalidInputError(`size must be a positive integer, got ${describeValue(size)}`);
  if (members !== undefined) {
    if (!Array.isArray(members) || members.length === 0)
      throw new InvalidInputError(`members must be a non-empty array, got ${describeValue(members)}`);
    members.forEach((member, index) => {
      if (!isPlainObject(member))
        throw new InvalidInputError(`members[${index}] must be an object, got ${describeValue(member)}`);
    });
  }
  if (restart !== undefined) {
    if (!isPlainObject(restart))
      throw new InvalidInputError(`restart must be an object, got ${describeValue(restart)}`);
    checkNumber(restart.initialDelayMs, "restart.initialDelayMs", 0);
    checkNumber(restart.maxDelayMs, "restart.maxDelayMs", 0);
  }
}

/** Options a pool's own limits give to `members` that do not set them. */
const INHERITED = ["maxConcurrentTurns", "maxLoadedThreads", "idleTimeoutMs", ...HANDLER_NAMES] as const;

/** The {@link CodexOptions} of every member of a pool, in order (the one place members are described). */
export function memberOptionsOf(options: CodexPoolOptions): CodexOptions[] {
  const { size, members, restart, ...shared } = options;
  if (members) {
    const inherited: Record<string, unknown> = {};
    for (const key of INHERITED) if (shared[key] !== undefined) inherited[key] = shared[key];
    return members.map((member) => ({ ...inherited, ...member }) as CodexOptions);
  }
  return Array.from({ length: size ?? 0 }, () => ({ ...shared }));
}
