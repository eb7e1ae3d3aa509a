import {
  checkServerVersion,
  GENERATED_FROM_CODEX_VERSION,
  type InitializeMetadata,
  MINIMUM_CODEX_VERSION,
} from "@codexkit/core";
import type { CodexWarning } from "./warnings.js";

/**
 * The start-up warning about the server's version, if any: newer than the generated protocol types, or
 * not comparable. (An older server never gets here: `initialize` already refused it.)
 */
export function serverVersionWarning(metadata: InitializeMetadata): CodexWarning | undefined {
  const { serverInfo } = metadata;
  const status = checkServerVersion(serverInfo);
  if (status === "newer") {
    return {
      code: "server_version_newer",
      message:
        `codex app-server ${serverInfo.version} is newer than ${GENERATED_FROM_CODEX_VERSION}, the version ` +
        "codexkit's protocol types come from; it should work, but what it added is untyped",
      serverInfo,
    };
  }
  if (status === "unknown") {
    return {
      code: "server_version_unknown",
      message:
        `codex app-server reports version "${serverInfo.version}" (user agent "${metadata.userAgent}"), which ` +
        `cannot be compared with the supported range ${MINIMUM_CODEX_VERSION}–${GENERATED_FROM_CODEX_VERSION}`,
      serverInfo,
    };
  }
  return undefined;
}
