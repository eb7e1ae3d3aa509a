import type { ClientParams, protocol } from "@codexkit/core";
import { InvalidInputError } from "@codexkit/core";
import {
  checkAbsolutePath,
  checkBooleans,
  checkNonEmptyString,
  checkOptionsObject,
  checkPaths,
  describeValue,
} from "../internal/validation.js";
import type { SessionSource } from "../session/session.js";

/** The skills codex finds for one working directory, with the errors of skills it could not load. */
export type SkillsForDirectory = protocol.v2.SkillsListEntry;
/** One skill: name, description, where its `SKILL.md` is, its scope and whether it is enabled. */
export type SkillInfo = protocol.v2.SkillMetadata;

/**
 * The skills codex offers its agent (`SKILL.md` folders: system, user, project and plugin skills), reached
 * as `codex.skills`: list them per working directory, enable or disable one, add skill roots.
 *
 * @example
 * ```ts
 * const [here] = await codex.skills.list({ cwds: ["/srv/app"] });
 * console.log(here.skills.map((skill) => `${skill.name} (${skill.scope})`));
 * ```
 */
export class Skills {
  /** @internal */
  constructor(private readonly session: SessionSource) {}

  /**
   * The skills for each of `cwds` (default: the server's working directory), `skills/list`. `forceReload`
   * re-scans the disk instead of codex's cache.
   *
   * @example
   * ```ts
   * const [{ skills, errors }] = await codex.skills.list({ forceReload: true });
   * ```
   */
  async list(options: { cwds?: string[]; forceReload?: boolean } = {}): Promise<SkillsForDirectory[]> {
    checkOptionsObject(options, "skills options");
    checkPaths(options.cwds, "cwds");
    checkBooleans(options, ["forceReload"]);
    const params: ClientParams<"skills/list"> = {};
    if (options.cwds) params.cwds = options.cwds;
    if (options.forceReload !== undefined) params.forceReload = options.forceReload;
    return (await (await this.session()).request("skills/list", params)).data;
  }

  /**
   * Enables or disables a skill (`skills/config/write`), named by its `name` or by the absolute path of its
   * `SKILL.md`; resolves with whether it is enabled now (a managed setting can overrule the request).
   *
   * @example
   * ```ts
   * await codex.skills.setEnabled({ name: "imagegen" }, false);
   * ```
   */
  async setEnabled(skill: { name: string } | { path: string }, enabled: boolean): Promise<boolean> {
    checkOptionsObject(skill, "skill");
    const selector = (skill ?? {}) as { name?: unknown; path?: unknown };
    if ((selector.name === undefined) === (selector.path === undefined)) {
      throw new InvalidInputError("skill must be { name } or { path }, exactly one of them");
    }
    if (selector.name !== undefined) checkNonEmptyString(selector.name, "skill.name");
    else checkAbsolutePath(selector.path, "skill.path");
    if (typeof enabled !== "boolean")
      throw new InvalidInputError(`enabled must be a boolean, got ${describeValue(enabled)}`);
    const params: ClientParams<"skills/config/write"> = { enabled };
    if (selector.name !== undefined) params.name = selector.name as string;
    else params.path = selector.path as string;
    return (await (await this.session()).request("skills/config/write", params)).effectiveEnabled;
  }

  /**
   * Sets the extra directories codex searches for skills (`skills/extraRoots/set`), replacing the previous
   * list; `[]` clears it. Absolute paths on the server's host.
   *
   * @example
   * ```ts
   * await codex.skills.setExtraRoots(["/srv/shared-skills"]);
   * ```
   */
  async setExtraRoots(roots: string[]): Promise<void> {
    if (!Array.isArray(roots))
      throw new InvalidInputError(`roots must be an array of paths, got ${describeValue(roots)}`);
    checkPaths(roots, "roots");
    await (await this.session()).request("skills/extraRoots/set", { extraRoots: roots });
  }
}
