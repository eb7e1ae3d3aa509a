import type { ClientParams, protocol } from "@codexkit/core";
import { InvalidInputError } from "@codexkit/core";
import { checkOptionsObject, checkPaths, checkStrings } from "../internal/validation.js";
import type { SessionSource } from "../session/session.js";

/** The hooks that apply in one working directory, with the warnings and errors of loading them. */
export type HooksForDirectory = protocol.v2.HooksListEntry;

/**
 * The lifecycle hooks codex runs (`[hooks]` in `config.toml`, `hooks.json`, plugins), reached as
 * `codex.hooks`.
 *
 * @example
 * ```ts
 * const [{ hooks }] = await codex.hooks.list();
 * for (const hook of hooks) console.log(hook.eventName, hook.handlerType, hook.trustStatus);
 * ```
 */
export class Hooks {
  /** @internal */
  constructor(private readonly session: SessionSource) {}

  /**
   * The hooks for each of `cwds` (default: the server's working directory), or those of a loaded thread
   * (`hooks/list`).
   *
   * @example
   * ```ts
   * const [entry] = await codex.hooks.list({ cwds: ["/srv/app"] });
   * ```
   */
  async list(options: { cwds?: string[]; threadId?: string } = {}): Promise<HooksForDirectory[]> {
    checkOptionsObject(options, "hooks options");
    checkPaths(options.cwds, "cwds");
    checkStrings(options, ["threadId"]);
    if (options.cwds !== undefined && options.threadId !== undefined) {
      throw new InvalidInputError("give cwds or threadId, not both");
    }
    const params: ClientParams<"hooks/list"> = {};
    if (options.cwds) params.cwds = options.cwds;
    if (options.threadId !== undefined) params.threadId = options.threadId;
    return (await (await this.session()).request("hooks/list", params)).data;
  }
}
