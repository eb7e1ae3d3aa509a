import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  Codex,
  ConfigWriteError,
  InternalRpcError,
  InvalidInputError,
  InvalidRequestError,
} from "@codexkit/node";
import { createTestCodex, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";

/** A local plugin marketplace (`.agents/plugins/marketplace.json`) with one plugin that bundles a skill. */
function writeMarketplace(root: string): string {
  mkdirSync(join(root, ".agents", "plugins"), { recursive: true });
  mkdirSync(join(root, "plugins", "demo", ".codex-plugin"), { recursive: true });
  mkdirSync(join(root, "plugins", "demo", "skills", "greet"), { recursive: true });
  const marketplace = join(root, ".agents", "plugins", "marketplace.json");
  writeFileSync(
    marketplace,
    JSON.stringify({
      name: "local-test",
      interface: { displayName: "Local test" },
      plugins: [
        {
          name: "demo",
          source: { source: "local", path: "./plugins/demo" },
          policy: { installation: "AVAILABLE", authentication: "ON_INSTALL" },
          category: "Productivity",
        },
      ],
    }),
  );
  writeFileSync(
    join(root, "plugins", "demo", ".codex-plugin", "plugin.json"),
    JSON.stringify({ name: "demo", version: "1.0.0", description: "A demo plugin", skills: "./skills" }),
  );
  writeFileSync(
    join(root, "plugins", "demo", "skills", "greet", "SKILL.md"),
    "---\nname: greet\ndescription: Greets people.\n---\nSay hello.\n",
  );
  return marketplace;
}

function writeSkill(dir: string, name: string): void {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(
    join(dir, name, "SKILL.md"),
    `---\nname: ${name}\ndescription: The ${name} skill.\n---\nBody.\n`,
  );
}

describe("codex.skills, codex.plugins and codex.hooks", () => {
  it("skills: lists user skills, disables one, and adds an extra root", async () => {
    await using t = await createTestCodex();
    writeSkill(join(t.home.path, "skills"), "my-skill");
    const [entry] = await t.codex.skills.list({ cwds: [t.workspace], forceReload: true });
    expect(entry?.cwd).toBe(t.workspace);
    expect(entry?.errors).toEqual([]);
    expect(entry?.skills.find((skill) => skill.name === "my-skill")).toMatchObject({
      scope: "user",
      enabled: true,
      description: "The my-skill skill.",
    });

    expect(await t.codex.skills.setEnabled({ name: "my-skill" }, false)).toBe(false);
    const [after] = await t.codex.skills.list({ forceReload: true });
    expect(after?.skills.find((skill) => skill.name === "my-skill")?.enabled).toBe(false);

    const extra = join(t.home.root, "extra-skills");
    writeSkill(extra, "extra-skill");
    await t.codex.skills.setExtraRoots([extra]);
    const [withExtra] = await t.codex.skills.list({ forceReload: true });
    expect(withExtra?.skills.map((skill) => skill.name)).toContain("extra-skill");
  });

  it("plugins: a local marketplace is listed, read, installed (its skill appears) and uninstalled, offline", async () => {
    // plugins is off in @codexkit/testing's default config (no network sync at startup); this test needs it
    await using t = await createTestCodex({ home: { features: { plugins: true } } });
    const repo = join(t.workspace, "repo");
    const marketplacePath = writeMarketplace(repo);
    const listed = await t.codex.plugins.list({ cwds: [repo] });
    expect(listed.marketplaces.map((m) => m.name)).toEqual(["local-test"]);
    expect(listed.marketplaces[0]?.plugins[0]).toMatchObject({ id: "demo@local-test", installed: false });

    const detail = await t.codex.plugins.read("demo", { marketplacePath });
    expect(detail).toMatchObject({ description: "A demo plugin", skills: [{ name: "demo:greet" }] });

    expect(await t.codex.plugins.install("demo", { marketplacePath })).toMatchObject({
      authPolicy: "ON_INSTALL",
    });
    const installed = await t.codex.plugins.installed({ cwds: [repo] });
    expect(installed.marketplaces.flatMap((m) => m.plugins.map((p) => [p.id, p.installed]))).toEqual([
      ["demo@local-test", true],
    ]);
    const [skills] = await t.codex.skills.list({ cwds: [t.workspace], forceReload: true });
    expect(skills?.skills.find((skill) => skill.name === "demo:greet")?.pluginId).toBe("demo@local-test");

    await t.codex.plugins.uninstall("demo@local-test");
    expect((await t.codex.plugins.installed({ cwds: [repo] })).marketplaces).toEqual([]);
  });

  it("plugins: with codex's plugins feature off, reading is refused (typed error, nothing installed)", async () => {
    await using t = await createTestCodex();
    const marketplacePath = writeMarketplace(join(t.workspace, "repo"));
    await expect(t.codex.plugins.read("demo", { marketplacePath })).rejects.toThrow(
      /plugins feature is disabled/,
    );
  });

  it("hooks: lists the hooks configured in config.toml for a directory", async () => {
    await using t = await createTestCodex({
      home: {
        extraConfig: {
          hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "true" }] }] },
        },
      },
    });
    const [entry] = await t.codex.hooks.list({ cwds: [t.workspace] });
    expect(entry).toMatchObject({ cwd: t.workspace, warnings: [], errors: [] });
    expect(entry?.hooks).toHaveLength(1);
    expect(entry?.hooks[0]).toMatchObject({
      eventName: "preToolUse",
      handlerType: "command",
      command: "true",
      matcher: "Bash",
      source: "user",
      sourcePath: join(t.home.path, "config.toml"),
    });
  });
});

describe("codex.config, codex.modelProviders and codex.feedback", () => {
  it("config: read, write one key, batch write, update the common keys; the file and the next turn follow", async () => {
    await using t = await createTestCodex({ script: [Reply.message("ok")] });
    const { config, origins } = await t.codex.config.read();
    expect(config).toMatchObject({ model: "mock-model", model_provider: "mock", sandbox_mode: "read-only" });
    expect(origins.model?.name.type).toBe("user");

    const written = await t.codex.config.write("model_verbosity", "low");
    expect(written).toMatchObject({ status: "ok", filePath: join(t.home.path, "config.toml") });
    expect(written.version).toMatch(/^sha256:/);
    const batch = await t.codex.config.batchWrite(
      [
        { keyPath: "model_reasoning_summary", value: "concise" },
        { keyPath: "tools", value: { view_image: false }, mergeStrategy: "upsert" },
      ],
      { expectedVersion: written.version },
    );
    expect(batch.version).not.toBe(written.version);
    await t.codex.config.update({ model: "gpt-5.5", model_reasoning_effort: "high", model_verbosity: null });

    const after = (await t.codex.config.read()).config;
    expect(after).toMatchObject({
      model: "gpt-5.5",
      model_reasoning_effort: "high",
      model_reasoning_summary: "concise",
      model_verbosity: null,
    });
    const toml = readFileSync(join(t.home.path, "config.toml"), "utf8");
    expect(toml).toMatch(/^model = "gpt-5.5"$/m);
    expect(toml).not.toContain("model_verbosity");
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await thread.run("hi");
    expect(t.model.request(0).body).toMatchObject({ model: "gpt-5.5", reasoning: { effort: "high" } });
  });

  it("config: codex's refusals are ConfigWriteErrors with its reason", async () => {
    await using t = await createTestCodex();
    const invalid = (await t.codex.config
      .write("approval_policy", "sometimes")
      .catch((e: unknown) => e)) as ConfigWriteError;
    expect(invalid).toBeInstanceOf(ConfigWriteError);
    expect(invalid).toBeInstanceOf(InvalidRequestError);
    expect(invalid.reason).toBe("configValidationError");
    const stale = (await t.codex.config
      .update({ model: "x" }, { expectedVersion: "sha256:0000" })
      .catch((e: unknown) => e)) as ConfigWriteError;
    expect(stale.reason).toBe("configVersionConflict");
    expect((await t.codex.config.read()).config.model).toBe("mock-model");
  });

  it("modelProviders: list, the default, set the default", async () => {
    await using t = await createTestCodex();
    const { data, defaultProviderId } = await t.codex.modelProviders.list();
    expect(data.map((provider) => provider.id).sort()).toEqual(["mock", "openai"]);
    expect(defaultProviderId).toBe("mock");
    expect(await t.codex.modelProviders.getDefault()).toMatchObject({ id: "mock", name: "mock" });
    await t.codex.modelProviders.setDefault("openai");
    expect((await t.codex.modelProviders.list()).defaultProviderId).toBe("openai");
    await expect(t.codex.modelProviders.setDefault("nope")).rejects.toThrow(/not configured/);
  });

  it("feedback: save writes the bundle on the server's host; upload needs the network and is refused offline", async () => {
    await using t = await createTestCodex({ script: [Reply.message("ok")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await thread.run("something went wrong");
    const zip = join(t.home.root, "feedback.zip");
    await t.codex.feedback.save(zip, { classification: "bug", reason: "test", threadId: thread.id });
    expect(readFileSync(zip).subarray(0, 2).toString("latin1")).toBe("PK");
    // offline: codex cannot reach its upload endpoint
    const refused = await t.codex.feedback
      .upload({ classification: "bug", threadId: thread.id, tags: { suite: "codexkit" } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InternalRpcError);
    expect((refused as Error).message).toMatch(/failed to upload feedback/);
  });

  it("refuse bad arguments with InvalidInputError before connecting", async () => {
    const codex = new Codex({ codexPath: "/nonexistent/codex" });
    const bad: Array<() => Promise<unknown>> = [
      () => codex.config.write("", 1),
      () => codex.config.write("model", undefined as unknown as string),
      () => codex.config.write("model", "x", { mergeStrategy: "merge" as "replace" }),
      () => codex.config.write("model", "x", { filePath: "config.toml" }),
      () => codex.config.batchWrite([]),
      () => codex.config.update({}),
      () => codex.config.update({ colour: "blue" } as object),
      () => codex.config.update({ model: 5 as unknown as string }),
      () => codex.config.read({ cwd: "rel" }),
      () => codex.skills.list({ cwds: ["rel"] }),
      () => codex.skills.setEnabled({ name: "a", path: "/b" } as { name: string }, true),
      () => codex.skills.setEnabled({ name: "a" }, "yes" as unknown as boolean),
      () => codex.skills.setExtraRoots("/x" as unknown as string[]),
      () => codex.plugins.install("demo", {} as { marketplacePath: string }),
      () =>
        codex.plugins.install("demo", { marketplacePath: "/a", remoteMarketplaceName: "b" } as {
          marketplacePath: string;
        }),
      () => codex.plugins.install("", { remoteMarketplaceName: "b" }),
      () => codex.plugins.uninstall("demo"),
      () => codex.hooks.list({ cwds: ["/a"], threadId: "t" }),
      () => codex.modelProviders.setDefault(""),
      () => codex.feedback.upload({ classification: "" }),
      () => codex.feedback.upload({ classification: "bug", tags: { a: 1 as unknown as string } }),
      () => codex.feedback.save("rel.zip", { classification: "bug" }),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidInputError);
    expect(codex.transport).toBeUndefined();
    await codex.close();
  });
});
