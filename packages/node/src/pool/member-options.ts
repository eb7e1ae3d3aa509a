import { HANDLER_NAMES } from "../approvals/approvals.js";
import type { CodexOptions } from "../client/codex-options.js";
import type { CodexPoolOptions } from "./pool-options.js";

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
