import { UnsupportedServerError } from "../errors.js";
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

/**
 * Checks the identity in an `initialize` result and returns it with `serverInfo` added. Throws
 * {@link UnsupportedServerError} when the server sent neither a usable `serverInfo` nor a `userAgent`
 * (codexkit then cannot tell which codex it talks to; upstream refuses such a server too).
 */
export function initializeMetadataOf(response: InitializeResponse): InitializeMetadata {
  const raw = response as unknown as Record<string, unknown> | null;
  const sent = raw?.serverInfo as Partial<ServerInfo> | undefined;
  if (sent && typeof sent.name === "string" && typeof sent.version === "string" && sent.version !== "")
    return { ...response, serverInfo: { name: sent.name, version: sent.version } };
  const userAgent = raw?.userAgent;
  if (typeof userAgent !== "string" || userAgent.trim() === "") {
    const keys = raw && typeof raw === "object" ? Object.keys(raw) : [];
    throw new UnsupportedServerError(
      "codex app-server answered initialize without the required userAgent (and no serverInfo), so its " +
        `version is unknown; it sent ${keys.length > 0 ? `only: ${keys.join(", ")}` : "no metadata at all"}`,
      { missing: "userAgent" },
    );
  }
  const parsed = parseUserAgent(userAgent);
  // A user agent without a `name/version` word still identifies a server: keep it, version unknown.
  return { ...response, serverInfo: parsed ?? { name: userAgent.trim(), version: "" } };
}
