import { UnsupportedServerError } from "../errors.js";
import type { InitializeResponse } from "../generated/InitializeResponse.js";
import { GENERATED_FROM_CODEX_VERSION } from "../generated/methods.js";
import { type InitializeMetadata, parseUserAgent, type ServerInfo } from "./server-info.js";

/**
 * The oldest codex app-server codexkit starts with. 0.169.0 is the first release whose experimental
 * protocol codexkit is verified against end to end: `dynamicTools` on `thread/start` with `item/tool/call`,
 * goals (`thread/goal/*`), `approvalsReviewer` and the `turn/steer` `expectedTurnId` contract. Older servers
 * fail start-up with {@link UnsupportedServerError}.
 */
export const MINIMUM_CODEX_VERSION = "0.169.0";

/** How a server's version stands against the supported range. */
export type ServerVersionStatus =
  /** Between {@link MINIMUM_CODEX_VERSION} and `GENERATED_FROM_CODEX_VERSION`. */
  | "supported"
  /** Newer than the generated protocol types: it works, but may speak protocol codexkit does not know. */
  | "newer"
  /** No comparable version: a development build (`0.0.0`) or a version that is not `x.y.z`. */
  | "unknown";

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Compares two `x.y.z[-pre]` versions: negative when `a` is older, 0 when equal, positive when newer.
 * A pre-release is older than its release (`0.172.0-alpha.1` < `0.172.0`). Returns undefined when
 * either is not such a version.
 */
export function compareCodexVersions(a: string, b: string): number | undefined {
  const x = SEMVER.exec(a.trim());
  const y = SEMVER.exec(b.trim());
  if (!x || !y) return undefined;
  for (let i = 1; i <= 3; i++) {
    const diff = Number(x[i]) - Number(y[i]);
    if (diff !== 0) return diff;
  }
  if (x[4] === y[4]) return 0;
  if (x[4] === undefined) return 1;
  if (y[4] === undefined) return -1;
  return x[4] < y[4] ? -1 : 1;
}

/**
 * Applies the version policy to the server's identity: throws {@link UnsupportedServerError} naming both
 * versions when it is older than {@link MINIMUM_CODEX_VERSION}; otherwise says how it stands.
 */
export function checkServerVersion(serverInfo: ServerInfo): ServerVersionStatus {
  const { version } = serverInfo;
  if (/^v?0\.0\.0(?:[-+].*)?$/.test(version.trim())) return "unknown"; // a source build reports 0.0.0
  const againstMinimum = compareCodexVersions(version, MINIMUM_CODEX_VERSION);
  if (againstMinimum === undefined) return "unknown";
  if (againstMinimum < 0) {
    throw new UnsupportedServerError(
      `codex app-server ${version} is older than the oldest supported version ${MINIMUM_CODEX_VERSION} ` +
        `(codexkit's protocol types are generated from ${GENERATED_FROM_CODEX_VERSION}); upgrade codex, ` +
        "or point codexPath / CODEX_PATH at a newer binary",
      { serverInfo, missing: undefined },
    );
  }
  return (compareCodexVersions(version, GENERATED_FROM_CODEX_VERSION) ?? 0) > 0 ? "newer" : "supported";
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
