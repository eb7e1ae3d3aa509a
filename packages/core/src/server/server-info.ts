import type { InitializeResponse } from "../generated/InitializeResponse.js";

/** Which server answered `initialize`: its name and version (as the Python SDK's `metadata.serverInfo`). */
export interface ServerInfo {
  /** The name the server gave, e.g. `codexkit` (codex names itself after the client's originator). */
  name: string;
  /** The server's version, e.g. `0.171.0`; the part after the last `/` of the user agent's first word. */
  version: string;
}

/** The `initialize` result with the server's identity parsed out of it. */
export interface InitializeMetadata extends InitializeResponse {
  /** The server's name and version: its own `serverInfo` when it sends one, else parsed from `userAgent`. */
  serverInfo: ServerInfo;
}

/**
 * Parses a codex user agent such as `codexkit/0.171.0 (Debian 12.0.0; x86_64) xterm (codexkit; 0.1.0)`:
 * the first word, split at its last `/`. Returns undefined when there is no `name/version` word.
 */
export function parseUserAgent(userAgent: string): ServerInfo | undefined {
  const first = userAgent.trim().split(/\s+/, 1)[0] ?? "";
  const slash = first.lastIndexOf("/");
  if (slash <= 0 || slash === first.length - 1) return undefined;
  return { name: first.slice(0, slash), version: first.slice(slash + 1) };
}
