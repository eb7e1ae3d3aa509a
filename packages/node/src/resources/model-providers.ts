import type { protocol } from "@codexkit/core";
import { checkNonEmptyString } from "../internal/validation.js";
import type { SessionSource } from "../session/session.js";
import type { ConfigWriteResult } from "./config.js";

/** The configured model providers, the default one and whether it may be changed. */
export type ModelProviderList = protocol.v2.ModelProviderListResponse;
/** One model provider: id, name, endpoint, settings. */
export type ModelProviderInfo = protocol.v2.ModelProviderSummary;

/**
 * The model providers codex is configured with (`model_providers`, plus the built-in `openai`), reached as
 * `codex.modelProviders`. `codex.models()` lists the models.
 *
 * @example
 * ```ts
 * const { data, defaultProviderId } = await codex.modelProviders.list();
 * ```
 */
export class ModelProviders {
  /** @internal */
  constructor(private readonly session: SessionSource) {}

  /**
   * The providers and the default one (`modelProvider/list`).
   *
   * @example
   * ```ts
   * const { data } = await codex.modelProviders.list();
   * console.log(data.map((provider) => provider.id));
   * ```
   */
  async list(): Promise<ModelProviderList> {
    return (await this.session()).request("modelProvider/list", {});
  }

  /**
   * The default provider (its entry from {@link ModelProviders.list}).
   *
   * @example
   * ```ts
   * const provider = await codex.modelProviders.getDefault();
   * ```
   */
  async getDefault(): Promise<ModelProviderInfo | undefined> {
    const { data, defaultProviderId } = await this.list();
    return data.find((provider) => provider.id === defaultProviderId);
  }

  /**
   * Makes a configured provider the default for new threads (`modelProvider/default/set`, written to
   * `config.toml`). An unknown id is refused with `ConfigWriteError`-like `InvalidRequestError`.
   *
   * @example
   * ```ts
   * await codex.modelProviders.setDefault("azure");
   * ```
   */
  async setDefault(providerId: string): Promise<ConfigWriteResult> {
    checkNonEmptyString(providerId, "providerId");
    return (await this.session()).request("modelProvider/default/set", { providerId });
  }
}
