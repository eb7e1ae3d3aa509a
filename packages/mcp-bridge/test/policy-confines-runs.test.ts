import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigurationError, PolicyViolationError } from "../src/errors.js";
import { APPROVAL_MODES, OperatorPolicy, parseApprovalPolicy, parseSandbox } from "../src/policy.js";

let base: string;
let root: string;
let outside: string;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), "bridge-policy-")));
  root = join(base, "repo");
  outside = join(base, "secrets");
  mkdirSync(join(root, "src"), { recursive: true });
  mkdirSync(outside);
  mkdirSync(join(base, "repo-other"));
  writeFileSync(join(root, "file.txt"), "x");
  symlinkSync(outside, join(root, "escape")); // inside the root, pointing out
  symlinkSync(root, join(base, "link-to-repo")); // outside the root, pointing in
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("allowed roots", () => {
  test("accepts the root, directories below it, and relative paths (resolved against the first root)", async () => {
    const policy = new OperatorPolicy({ allowedRoots: [root] });
    expect(await policy.resolveCwd(undefined)).toBe(root);
    expect(await policy.resolveCwd(root)).toBe(root);
    expect(await policy.resolveCwd(join(root, "src"))).toBe(join(root, "src"));
    expect(await policy.resolveCwd("src")).toBe(join(root, "src"));
    expect(await policy.resolveCwd("src/..")).toBe(root);
  });

  test("refuses `..` escapes, symlinks that point out, sibling prefixes, files and missing paths", async () => {
    const policy = new OperatorPolicy({ allowedRoots: [root] });
    await expect(policy.resolveCwd("..")).rejects.toThrow(PolicyViolationError);
    await expect(policy.resolveCwd(join(root, "..", "secrets"))).rejects.toThrow(/outside the allowed roots/);
    await expect(policy.resolveCwd(join(root, "escape"))).rejects.toThrow(
      /resolves to .*secrets, which is outside/,
    );
    await expect(policy.resolveCwd(join(base, "repo-other"))).rejects.toThrow(/outside the allowed roots/);
    await expect(policy.resolveCwd("/")).rejects.toThrow(/outside the allowed roots/);
    await expect(policy.resolveCwd(join(root, "file.txt"))).rejects.toThrow(/is not a directory/);
    await expect(policy.resolveCwd(join(root, "missing"))).rejects.toThrow(/does not exist/);
  });

  test("roots are real paths: a symlinked root and a symlink into the root both work", async () => {
    const viaLink = new OperatorPolicy({ allowedRoots: [join(base, "link-to-repo")] });
    expect(viaLink.roots).toEqual([root]);
    expect(await viaLink.resolveCwd(join(root, "src"))).toBe(join(root, "src"));
    const policy = new OperatorPolicy({ allowedRoots: [root] });
    expect(await policy.resolveCwd(join(base, "link-to-repo", "src"))).toBe(join(root, "src"));
  });

  test("several roots; a missing root is a configuration error", async () => {
    const policy = new OperatorPolicy({ allowedRoots: [root, outside] });
    expect(await policy.resolveCwd(outside)).toBe(outside);
    expect(() => new OperatorPolicy({ allowedRoots: [join(base, "nope")] })).toThrow(ConfigurationError);
  });

  test("defaults to the process's working directory", () => {
    expect(new OperatorPolicy().roots).toEqual([realpathSync(process.cwd())]);
  });
});

describe("ceiling", () => {
  test("defaults to read-only and on-request; a run without settings gets the ceiling", () => {
    const policy = new OperatorPolicy({ allowedRoots: [root] });
    expect(policy.settingsFor({})).toEqual({ sandbox: "read-only", approvalPolicy: "on-request" });
  });

  test("a caller may ask for less, never for more", () => {
    const policy = new OperatorPolicy({
      allowedRoots: [root],
      sandbox: "workspace-write",
      approvalPolicy: "auto-review",
    });
    expect(policy.settingsFor({ sandbox: "read-only", approvalPolicy: "never" })).toEqual({
      sandbox: "read-only",
      approvalPolicy: "never",
    });
    expect(policy.settingsFor({ approvalPolicy: "untrusted" }).approvalPolicy).toBe("untrusted");
    expect(() => policy.settingsFor({ sandbox: "danger-full-access" })).toThrow(
      /sandbox "danger-full-access" is above the operator's ceiling "workspace-write"; ask for "read-only", "workspace-write"/,
    );
    expect(() => policy.settingsFor({ approvalPolicy: "bypass" })).toThrow(
      /approval policy "bypass" is above the operator's ceiling "auto-review"/,
    );
  });

  test("order of approval policies: never < untrusted < on-request < auto-review < bypass", () => {
    const policy = new OperatorPolicy({ allowedRoots: [root], approvalPolicy: "untrusted" });
    expect(policy.settingsFor({ approvalPolicy: "never" }).approvalPolicy).toBe("never");
    expect(() => policy.settingsFor({ approvalPolicy: "on-request" })).toThrow(PolicyViolationError);
    expect(() => policy.settingsFor({ approvalPolicy: "auto-review" })).toThrow(PolicyViolationError);
  });

  test("bypass needs a full-access ceiling and cannot be combined with a narrower sandbox", () => {
    expect(() => new OperatorPolicy({ allowedRoots: [root], approvalPolicy: "bypass" })).toThrow(
      ConfigurationError,
    );
    const policy = new OperatorPolicy({
      allowedRoots: [root],
      sandbox: "danger-full-access",
      approvalPolicy: "bypass",
    });
    expect(policy.settingsFor({})).toEqual({ sandbox: "danger-full-access", approvalPolicy: "bypass" });
    expect(() => policy.settingsFor({ sandbox: "read-only" })).toThrow(/"bypass" disables the sandbox/);
    expect(policy.settingsFor({ sandbox: "read-only", approvalPolicy: "auto-review" })).toEqual({
      sandbox: "read-only",
      approvalPolicy: "auto-review",
    });
  });

  test("names map to codexkit modes; aliases are accepted, unknown names refused", () => {
    expect(APPROVAL_MODES).toEqual({
      never: "denyAll",
      untrusted: "askUnlessTrusted",
      "on-request": "ask",
      "auto-review": "autoReview",
      bypass: "dangerouslyBypassApprovalsAndSandbox",
    });
    expect(parseApprovalPolicy("denyAll")).toBe("never");
    expect(parseApprovalPolicy("dangerously-bypass-approvals-and-sandbox")).toBe("bypass");
    expect(parseSandbox("workspaceWrite")).toBe("workspace-write");
    expect(() => parseSandbox("everything")).toThrow(/unknown sandbox "everything"/);
    expect(() => parseApprovalPolicy("always")).toThrow(/unknown approval policy "always"/);
  });
});
