import { checkCodexOptions } from "../internal/validation.js";
import { checkLifecycleOptions } from "../thread/lifecycle-options.js";
import { checkClientTools } from "../tools/thread-tools.js";
import type { CodexOptions } from "./codex-options.js";
import { checkConnectOptions } from "./connect-options.js";
import { checkPreset } from "./presets.js";

/**
 * Checks every option of a client before anything starts: value types, how to connect (and which options
 * make no sense together), the preset, the default tools and the lifecycle limits. Each check throws an
 * `InvalidInputError` that names the option.
 */
export function checkClientOptions(options: CodexOptions): void {
  checkCodexOptions(options);
  checkConnectOptions(options);
  checkPreset(options);
  checkClientTools(options);
  checkLifecycleOptions(options);
}
