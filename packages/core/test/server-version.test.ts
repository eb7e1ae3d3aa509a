import { describe, expect, it } from "vitest";
import {
  checkServerVersion,
  compareCodexVersions,
  GENERATED_FROM_CODEX_VERSION,
  type InitializeResponse,
  MINIMUM_CODEX_VERSION,
  UnsupportedServerError,
} from "../src/index.js";
import { initializeMetadataOf, parseUserAgent } from "../src/internal.js";

const base = { codexHome: "/home/u/.codex", platformFamily: "unix", platformOs: "linux" };

describe("server identity from initialize", () => {
  it("parses codex's user agent into serverInfo { name, version }", () => {
    expect(parseUserAgent("codexkit/0.171.0 (Debian 12.0.0; x86_64) xterm (codexkit; 0.1.0)")).toEqual({
      name: "codexkit",
      version: "0.171.0",
    });
    expect(parseUserAgent("codex-cli/1.2.3")).toEqual({ name: "codex-cli", version: "1.2.3" });
    expect(parseUserAgent("my/app/0.172.0-alpha.2 (x)")).toEqual({
      name: "my/app",
      version: "0.172.0-alpha.2",
    });
    expect(parseUserAgent("no-version-here")).toBeUndefined();
    expect(parseUserAgent("trailing/")).toBeUndefined();
  });

  it("adds serverInfo to the metadata, preferring one the server sends itself", () => {
    const fromAgent = initializeMetadataOf({ ...base, userAgent: "codexkit/0.171.0 (Linux; x86_64)" });
    expect(fromAgent.serverInfo).toEqual({ name: "codexkit", version: "0.171.0" });
    expect(fromAgent.codexHome).toBe(base.codexHome);
    const sent = {
      ...base,
      userAgent: "codexkit/0.171.0",
      serverInfo: { name: "codex", version: "0.180.0" },
    };
    expect(initializeMetadataOf(sent as InitializeResponse).serverInfo).toEqual({
      name: "codex",
      version: "0.180.0",
    });
  });

  it("refuses an initialize answer without userAgent, saying what was missing", () => {
    for (const response of [{ ...base }, {}, { ...base, userAgent: "  " }]) {
      let thrown: unknown;
      try {
        initializeMetadataOf(response as InitializeResponse);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(UnsupportedServerError);
      expect(thrown).toMatchObject({ code: "unsupported_server", missing: "userAgent" });
      expect((thrown as Error).message).toMatch(/without the required userAgent/);
    }
  });
});

describe("version policy", () => {
  it("compares x.y.z versions numerically, a pre-release before its release", () => {
    expect(compareCodexVersions("0.171.0", "0.169.0")).toBeGreaterThan(0);
    expect(compareCodexVersions("0.169.0", "0.171.0")).toBeLessThan(0);
    expect(compareCodexVersions("0.1000.0", "0.999.9")).toBeGreaterThan(0);
    expect(compareCodexVersions("0.171.0", "0.171.0")).toBe(0);
    expect(compareCodexVersions("0.172.0-alpha.1", "0.172.0")).toBeLessThan(0);
    expect(compareCodexVersions("nightly", "0.171.0")).toBeUndefined();
  });

  it("supported from the minimum through the generated version; newer above; unknown for dev builds", () => {
    expect(checkServerVersion({ name: "codex", version: MINIMUM_CODEX_VERSION })).toBe("supported");
    expect(checkServerVersion({ name: "codex", version: GENERATED_FROM_CODEX_VERSION })).toBe("supported");
    expect(checkServerVersion({ name: "codex", version: "99.0.0" })).toBe("newer");
    expect(checkServerVersion({ name: "codex", version: "0.0.0" })).toBe("unknown");
    expect(checkServerVersion({ name: "codex", version: "" })).toBe("unknown");
  });

  it("refuses a server older than the minimum, naming both versions", () => {
    let thrown: unknown;
    try {
      checkServerVersion({ name: "codex", version: "0.160.0" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnsupportedServerError);
    expect(thrown).toMatchObject({ code: "unsupported_server", serverInfo: { version: "0.160.0" } });
    expect((thrown as Error).message).toContain("0.160.0");
    expect((thrown as Error).message).toContain(`oldest supported version ${MINIMUM_CODEX_VERSION}`);
  });
});
