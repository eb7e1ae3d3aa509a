/** How busy one client is: what a pool places threads by. */
export interface CodexActivity {
  /** Turns (goals, compactions) running now. */
  readonly runningTurns: number;
  /** Turns waiting for a slot (`maxConcurrentTurns`). */
  readonly queuedTurns: number;
  /** Threads this client has loaded on its app-server. */
  readonly loadedThreads: number;
  /** Whether the app-server is running now (false before the first use and after an idle stop). */
  readonly running: boolean;
}
