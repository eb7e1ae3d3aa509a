import { redactSecrets } from "@codexkit/node";

/** Log levels, most to least severe. */
export const LOG_LEVELS = ["error", "warn", "info", "debug"] as const;
/** One of {@link LOG_LEVELS}, or `silent`. */
export type LogLevel = (typeof LOG_LEVELS)[number] | "silent";

/** Where the bridge logs. Messages never contain prompts, environment values or credentials. */
export interface BridgeLogger {
  /** Something failed. */
  error(message: string): void;
  /** Something unexpected that the bridge handled. */
  warn(message: string): void;
  /** Start-up, runs, refusals, shutdown. */
  info(message: string): void;
  /** Details for troubleshooting. */
  debug(message: string): void;
}

/** A logger that drops everything (the default for in-process use). */
export const silentLogger: BridgeLogger = { error() {}, warn() {}, info() {}, debug() {} };

/**
 * A logger writing `codexkit-mcp LEVEL message` lines to stderr (stdout carries the MCP protocol).
 * Every line passes through `redactSecrets`, so a key that slips into an error message is not logged.
 */
export function createStderrLogger(
  level: LogLevel = "info",
  write: (line: string) => void = (line) => process.stderr.write(line),
): BridgeLogger {
  const threshold = level === "silent" ? -1 : LOG_LEVELS.indexOf(level);
  const at =
    (name: (typeof LOG_LEVELS)[number]) =>
    (message: string): void => {
      if (LOG_LEVELS.indexOf(name) <= threshold) write(`codexkit-mcp ${name}: ${redactSecrets(message)}\n`);
    };
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}
