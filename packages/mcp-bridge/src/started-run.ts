import type { EffectiveSettings } from "./policy.js";
import type { QuestionQueue } from "./question-queue.js";
import type { RunProgress } from "./run-progress.js";
import type { RunResult } from "./tools/schemas.js";

/** A run whose turn has started. */
export interface StartedRun {
  threadId: string;
  turnId: string;
  /** The directory the turn runs in. */
  cwd: string;
  /** The sandbox and approval policy it runs with. */
  settings: EffectiveSettings;
  /** Abort to interrupt the turn. */
  controller: AbortController;
  /** The run's progress. */
  progress: RunProgress;
  /** The result, once the turn has ended. Rejects only when the app-server failed under the run. */
  done: Promise<RunResult>;
  /** Its approval questions waiting for a 2026-07-28 client's next call (runs of such clients only). */
  questions?: QuestionQueue | undefined;
}
