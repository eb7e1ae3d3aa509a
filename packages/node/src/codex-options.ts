import type { ClientInfo, MalformedMessageError } from "@codexkit/core";
import type { RequestHandlers } from "./approvals.js";
import type { LifecycleOptions } from "./lifecycle/lifecycle-options.js";
import type { CodexPreset } from "./presets.js";
import type { ToolEntry } from "./tools/toolset.js";

/** Options of {@link Codex}. All optional. */
export interface CodexOptions extends RequestHandlers, LifecycleOptions {
  /** Path of the codex binary. Default: `CODEX_PATH`, then the bundled `@openai/codex`, then `codex` on PATH. */
  codexPath?: string;
  /** Environment of the app-server, merged over `process.env` (a value of `undefined` removes a variable). */
  env?: Record<string, string | undefined>;
  /** Working directory of the app-server process. */
  cwd?: string;
  /** The `CODEX_HOME` to use (config, auth and sessions). */
  codexHome?: string;
  /** Config overrides passed as `-c key=value` (values are TOML: strings are quoted for you in the object form). */
  config?: Record<string, string | number | boolean> | readonly string[];
  /**
   * An opt-in named setup; none by default. `"throughput"` trades two behaviours for less app-server CPU per
   * turn: threads start ephemeral (not listed, never resumable or forkable; `threadStart({ ephemeral: false })`
   * wins) and shell snapshots are off (commands don't start from your login shell's captured environment).
   * The shell-snapshot part is a spawn flag, so the preset is refused for a remote app-server. See
   * {@link CodexPreset}.
   */
  preset?: CodexPreset;
  /** Extra arguments after `app-server`. */
  args?: readonly string[];
  /** Identifies your program to the server. Default `{ name: "codexkit", version: VERSION }`. */
  clientInfo?: ClientInfo;
  /** Opt into experimental API methods and fields (goals need it). Default true. */
  experimentalApi?: boolean;
  /** Notification methods the server should not send at all. */
  optOutNotificationMethods?: string[];
  /** How long start-up (spawn + `initialize`) may take, in ms. Default 30000. */
  startupTimeoutMs?: number;
  /** Staged shutdown timeouts of `close()`, in ms: after ending stdin, then after SIGTERM. Default 2000 each. */
  closeTimeouts?: {
    /** Wait after ending stdin before SIGTERM. */
    graceMs?: number;
    /** Wait after SIGTERM before SIGKILL. */
    termMs?: number;
  };
  /** Tools (from `tool()` / `toolset()`) every thread this client starts, resumes or forks gets; a thread's own `tools` add to and override them by name. */
  tools?: readonly ToolEntry[];
  /** How long a tool's `execute` may run, in ms, when the tool sets no `timeoutMs`. Default 600000 (10 minutes). */
  toolTimeoutMs?: number;
  /** Called for each line from the server that is not JSON-RPC (it is skipped; the connection goes on). */
  onMalformedMessage?: (error: MalformedMessageError) => void;
}
