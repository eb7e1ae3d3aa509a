import type { CodexOptions } from "../client/codex-options.js";

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
