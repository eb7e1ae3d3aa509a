import { InvalidInputError } from "@codexkit/core";
import { describeValue } from "../internal/validation.js";

/**
 * Limits that keep a long-running client's app-server bounded (part of {@link CodexOptions} and of every
 * pool member). All optional; omitted means unlimited / never.
 */
export interface LifecycleOptions {
  /**
   * At most this many turns (goals, compactions) run at once on this app-server; later ones wait in a
   * first-in first-out queue until one completes. A positive integer.
   */
  maxConcurrentTurns?: number;
  /**
   * At most this many threads stay loaded: when more are, the least recently used idle ones are
   * unloaded (`thread/unsubscribe`) and resumed again transparently on their next turn. Threads without a
   * stored turn yet and ephemeral threads are never unloaded this way (they could not be resumed). Unless
   * `config` sets `thread_unload_delay_secs`, it is set to 0 so the server frees them at once. With a
   * remote `url` that flag cannot be passed: set `thread_unload_delay_secs = 0` in the server's own
   * config, or the server keeps unsubscribed threads in memory for its default delay.
   */
  maxLoadedThreads?: number;
  /**
   * Stops the app-server after this many ms without a running or queued turn (and without threads that
   * could not be resumed); the next use starts it again and resumes threads as they are used. With a
   * remote `url` only the connection is closed (the server keeps running); the next use reconnects.
   */
  idleTimeoutMs?: number;
}

const KEYS = ["maxConcurrentTurns", "maxLoadedThreads", "idleTimeoutMs"] as const;

/** Throws {@link InvalidInputError} unless each limit present is a positive integer. */
export function checkLifecycleOptions(options: object | undefined, where = ""): void {
  if (!options) return;
  const o = options as Record<string, unknown>;
  for (const key of KEYS) {
    const value = o[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
      throw new InvalidInputError(`${where}${key} must be a positive integer, got ${describeValue(value)}`);
  }
}

/** The `-c` overrides the limits need: an immediate unload when `maxLoadedThreads` is set. */
export function lifecycleConfigOverrides(options: {
  maxLoadedThreads?: number;
  config?: Record<string, string | number | boolean> | readonly string[];
}): string[] {
  if (options.maxLoadedThreads === undefined) return [];
  const config = options.config;
  const setsDelay = Array.isArray(config)
    ? config.some((entry) => String(entry).trim().startsWith("thread_unload_delay_secs"))
    : config !== undefined && "thread_unload_delay_secs" in config;
  return setsDelay ? [] : ["thread_unload_delay_secs=0"];
}
