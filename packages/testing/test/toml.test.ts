import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { buildConfigToml, createCodexHome, mergeTomlTables, tomlString, toToml } from "../src/index.js";

describe("TOML serializer", () => {
  test("writes scalars, arrays and nested tables as sections", () => {
    const toml = toToml({
      name: "x",
      count: 3,
      ratio: 0.5,
      on: true,
      list: ["a", 1, false],
      nested: { inner: { deep: 1 }, flat: "y" },
    });
    expect(toml).toBe(
      [
        'name = "x"',
        "count = 3",
        "ratio = 0.5",
        "on = true",
        'list = ["a", 1, false]',
        "",
        "[nested]",
        'flat = "y"',
        "",
        "[nested.inner]",
        "deep = 1",
        "",
      ].join("\n"),
    );
  });

  test("omits headers of tables that only hold tables, but keeps empty tables", () => {
    expect(toToml({ a: { b: { c: 1 } }, empty: {} })).toBe("[a.b]\nc = 1\n\n[empty]\n");
  });

  test("escapes strings and quotes non-bare keys", () => {
    expect(tomlString('say "hi"\\\n\t\u0001')).toBe('"say \\"hi\\"\\\\\\n\\t\\u0001"');
    expect(toToml({ "a.b": 1, "with space": "v", ok_key: 2 })).toBe(
      '"a.b" = 1\n"with space" = "v"\nok_key = 2\n',
    );
  });

  test("writes tables inside arrays as inline tables", () => {
    expect(toToml({ servers: [{ name: "a", args: ["x"] }, {}] })).toBe(
      'servers = [{ name = "a", args = ["x"] }, {}]\n',
    );
  });

  test("writes special floats and skips undefined", () => {
    expect(toToml({ a: Number.POSITIVE_INFINITY, b: Number.NaN, c: undefined })).toBe("a = inf\nb = nan\n");
  });

  test("rejects null, which TOML cannot represent", () => {
    expect(() => toToml(JSON.parse('{"a":{"b":null}}'))).toThrow(/TOML has no null: a\.b/);
  });

  test("deep-merges tables, letting the extra values win", () => {
    expect(mergeTomlTables({ a: 1, t: { x: 1, y: 2 } }, { t: { y: 3 }, b: [1] })).toEqual({
      a: 1,
      t: { x: 1, y: 3 },
      b: [1],
    });
  });
});

describe("codex config", () => {
  test("follows the scripted-model recipe, hermetic: no login shell, no shell snapshots", () => {
    expect(buildConfigToml({ baseUrl: "http://127.0.0.1:1234/v1" })).toBe(
      [
        'model = "mock-model"',
        'model_provider = "mock"',
        'approval_policy = "never"',
        'sandbox_mode = "read-only"',
        "allow_login_shell = false",
        "",
        "[model_providers.mock]",
        'name = "mock"',
        'base_url = "http://127.0.0.1:1234/v1"',
        'wire_api = "responses"',
        "request_max_retries = 0",
        "stream_max_retries = 0",
        "",
        "[features]",
        "plugins = false",
        "shell_snapshot = false",
        "",
      ].join("\n"),
    );
  });

  test("hermetic: false leaves codex's shell defaults (login shells, snapshots) alone", () => {
    const toml = buildConfigToml({ baseUrl: "http://127.0.0.1:1234/v1", hermetic: false });
    expect(toml).not.toContain("allow_login_shell");
    expect(toml).not.toContain("shell_snapshot");
    expect(toml).toContain("[features]\nplugins = false\n");
  });

  test("explicit features and extraConfig win over the hermetic defaults", () => {
    const toml = buildConfigToml({
      baseUrl: "http://x/v1",
      features: { shell_snapshot: true },
      extraConfig: { allow_login_shell: true },
    });
    expect(toml).toContain("allow_login_shell = true\n");
    expect(toml).toContain("[features]\nplugins = false\nshell_snapshot = true\n");
  });

  test("merges object extraConfig and features into the generated tables", () => {
    const toml = buildConfigToml({
      baseUrl: "http://x/v1",
      model: "gpt-5.5",
      approvalPolicy: "on-request",
      sandbox: "workspace-write",
      approvalsReviewer: "auto_review",
      features: { shell_snapshot: false },
      extraConfig: {
        model_providers: { mock: { stream_max_retries: 1 } },
        sandbox_workspace_write: { network_access: true },
      },
    });
    expect(toml).toContain('model = "gpt-5.5"\n');
    expect(toml).toContain('approvals_reviewer = "auto_review"\n');
    expect(toml).toContain('wire_api = "responses"\nrequest_max_retries = 0\nstream_max_retries = 1\n');
    expect(toml).toContain("[features]\nplugins = false\nshell_snapshot = false\n");
    expect(toml).toContain("[sandbox_workspace_write]\nnetwork_access = true\n");
  });

  test("writes the SDK's Sandbox spelling as codex's sandbox_mode", () => {
    expect(buildConfigToml({ baseUrl: "http://x/v1", sandbox: "workspaceWrite" })).toContain(
      'sandbox_mode = "workspace-write"\n',
    );
    expect(buildConfigToml({ baseUrl: "http://x/v1", sandbox: "fullAccess" })).toContain(
      'sandbox_mode = "danger-full-access"\n',
    );
    expect(buildConfigToml({ baseUrl: "http://x/v1", sandbox: "read-only" })).toContain(
      'sandbox_mode = "read-only"\n',
    );
  });

  test("places string extraConfig between top-level keys and generated tables", () => {
    const toml = buildConfigToml({ baseUrl: "http://x/v1", extraConfig: 'model_reasoning_effort = "low"' });
    const extraAt = toml.indexOf('model_reasoning_effort = "low"');
    expect(extraAt).toBeGreaterThan(toml.indexOf('sandbox_mode = "read-only"'));
    expect(extraAt).toBeLessThan(toml.indexOf("[model_providers.mock]"));
  });

  test("creates a hermetic home with config.toml, a workspace and an empty HOME, and disposes them", async () => {
    // seed: false, here and below: seeding starts codex once (this tier starts none); seeded-home.test.ts tests it.
    // cacheLsbRelease: false: the cached lsb_release runs the real one once; lsb-release-cache.test.ts tests it
    const home = await createCodexHome({
      baseUrl: "http://127.0.0.1:9/v1",
      seed: false,
      cacheLsbRelease: false,
    });
    expect(home.hermetic).toBe(true);
    expect(home.userHome).toBe(join(home.root, "user-home"));
    expect(home.env).toEqual({
      CODEX_HOME: home.path,
      CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1",
      HOME: home.userHome,
      ZDOTDIR: home.userHome,
      BASH_ENV: "",
    });
    expect(await readdir(home.userHome as string)).toEqual([]);
    expect(await readFile(join(home.path, "config.toml"), "utf8")).toBe(home.configToml);
    expect(home.configToml).toContain("allow_login_shell = false\n");
    expect((await stat(home.workspace)).isDirectory()).toBe(true);
    await home.dispose();
    await home[Symbol.asyncDispose]();
    await expect(stat(home.root)).rejects.toThrow(/ENOENT/);
  });

  test("a home with hermetic: false keeps the caller's HOME and shell settings", async () => {
    const home = await createCodexHome({
      baseUrl: "http://127.0.0.1:9/v1",
      hermetic: false,
      seed: false,
      cacheLsbRelease: false,
    });
    try {
      expect([home.hermetic, home.userHome]).toEqual([false, undefined]);
      expect(home.env).toEqual({ CODEX_HOME: home.path, CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1" });
      expect((await readdir(home.root)).sort()).toEqual(["home", "workspace"]);
      expect(home.configToml).not.toContain("allow_login_shell");
    } finally {
      await home.dispose();
    }
  });
});
