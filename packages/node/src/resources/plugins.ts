import { type ClientParams, InvalidInputError, type protocol } from "@codexkit/core";
import {
  checkAbsolutePath,
  checkBooleans,
  checkNonEmptyString,
  checkOptionsObject,
  checkPaths,
} from "../internal/validation.js";
import type { SessionSource } from "../session/session.js";

/** The marketplaces codex knows with their plugins, and the marketplaces it could not load. */
export type PluginListResult = protocol.v2.PluginListResponse;
/** The installed plugins, by marketplace. */
export type InstalledPlugins = protocol.v2.PluginInstalledResponse;
/** A plugin's details: skills, hooks, MCP servers, apps. */
export type PluginDetail = protocol.v2.PluginDetail;
/** What installing a plugin answered: its auth policy and the apps that still need a login. */
export type PluginInstallResult = protocol.v2.PluginInstallResponse;

/**
 * Where a plugin comes from: a local marketplace file (`…/.agents/plugins/marketplace.json`, absolute on the
 * server's host) or a remote marketplace by name. Exactly one of the two.
 */
export type PluginSource =
  | {
      /** Path of a local `marketplace.json` on the server's host. */
      marketplacePath: string;
    }
  | {
      /** Name of a remote marketplace codex knows (needs the network). */
      remoteMarketplaceName: string;
    };

/**
 * Codex plugins (bundles of skills, hooks, MCP servers and apps from a marketplace), reached as
 * `codex.plugins`: list, read, install, uninstall. Needs codex's `plugins` feature (on by default; a local
 * marketplace works offline, remote ones need the network).
 *
 * @example
 * ```ts
 * const marketplacePath = "/srv/app/.agents/plugins/marketplace.json";
 * await codex.plugins.install("release-notes", { marketplacePath });
 * ```
 */
export class Plugins {
  /** @internal */
  constructor(private readonly session: SessionSource) {}

  /**
   * The marketplaces and their plugins (`plugin/list`): home-scoped and curated ones, plus those of the
   * repositories at `cwds`.
   *
   * @example
   * ```ts
   * const { marketplaces } = await codex.plugins.list({ cwds: ["/srv/app"] });
   * ```
   */
  async list(options: { cwds?: string[]; forceRefetch?: boolean } = {}): Promise<PluginListResult> {
    checkOptionsObject(options, "plugin list options");
    checkPaths(options.cwds, "cwds");
    checkBooleans(options, ["forceRefetch"]);
    const params: ClientParams<"plugin/list"> = {};
    if (options.cwds) params.cwds = options.cwds;
    if (options.forceRefetch !== undefined) params.forceRefetch = options.forceRefetch;
    return (await this.session()).request("plugin/list", params);
  }

  /**
   * The installed plugins (`plugin/installed`), by marketplace.
   *
   * @example
   * ```ts
   * const ids = (await codex.plugins.installed()).marketplaces.flatMap((m) => m.plugins.map((p) => p.id));
   * ```
   */
  async installed(options: { cwds?: string[] } = {}): Promise<InstalledPlugins> {
    checkOptionsObject(options, "installed options");
    checkPaths(options.cwds, "cwds");
    return (await this.session()).request("plugin/installed", options.cwds ? { cwds: options.cwds } : {});
  }

  /**
   * One plugin's details (`plugin/read`): description, skills, hooks, MCP servers, apps.
   *
   * @example
   * ```ts
   * const detail = await codex.plugins.read("release-notes", { marketplacePath });
   * ```
   */
  async read(pluginName: string, source: PluginSource): Promise<PluginDetail> {
    const params = sourceParams(pluginName, source);
    return (await (await this.session()).request("plugin/read", params)).plugin;
  }

  /**
   * Installs a plugin from a marketplace (`plugin/install`); its skills and hooks apply to later turns.
   *
   * @example
   * ```ts
   * const { appsNeedingAuth } = await codex.plugins.install("release-notes", { marketplacePath });
   * ```
   */
  async install(pluginName: string, source: PluginSource): Promise<PluginInstallResult> {
    const params = sourceParams(pluginName, source);
    return (await this.session()).request("plugin/install", params);
  }

  /**
   * Uninstalls a plugin by its id (`name@marketplace`, as `list` reports it) (`plugin/uninstall`).
   *
   * @example
   * ```ts
   * await codex.plugins.uninstall("release-notes@team-plugins");
   * ```
   */
  async uninstall(pluginId: string): Promise<void> {
    checkNonEmptyString(pluginId, "pluginId");
    if (!pluginId.includes("@")) {
      throw new InvalidInputError(
        `pluginId must be "<plugin>@<marketplace>" (as plugins.list reports it), got "${pluginId}"`,
      );
    }
    await (await this.session()).request("plugin/uninstall", { pluginId });
  }
}

function sourceParams(pluginName: string, source: PluginSource): ClientParams<"plugin/install"> {
  checkNonEmptyString(pluginName, "pluginName");
  checkOptionsObject(source, "plugin source");
  const { marketplacePath, remoteMarketplaceName } = (source ?? {}) as {
    marketplacePath?: unknown;
    remoteMarketplaceName?: unknown;
  };
  if ((marketplacePath === undefined) === (remoteMarketplaceName === undefined)) {
    throw new InvalidInputError(
      "plugin source must be { marketplacePath } or { remoteMarketplaceName }, exactly one",
    );
  }
  if (marketplacePath !== undefined) {
    checkAbsolutePath(marketplacePath, "marketplacePath");
    return { pluginName, marketplacePath };
  }
  checkNonEmptyString(remoteMarketplaceName, "remoteMarketplaceName");
  return { pluginName, remoteMarketplaceName };
}
