/** What {@link keepAliveWhileBusy} watches: whether anything is running, and when that may have changed. */
export interface BusySource {
  /** True while a request is in flight or a turn, goal, compaction or login is running. */
  readonly busy: boolean;
  /** Calls `listener` whenever `busy` may have changed; returns an unsubscribe function. */
  onActivity(listener: () => void): () => void;
}

/** A handle that keeps the event loop alive unless `unref`'d. */
interface Referenceable {
  ref(): unknown;
  unref(): unknown;
}

/** The parts of a `ChildProcess` this needs: the process handle and its stdio streams. */
interface ChildHandles extends Referenceable {
  readonly stdin: unknown;
  readonly stdout: unknown;
  readonly stderr: unknown;
}

/**
 * Lets Node exit when nothing is running: the app-server child and its stdio pipes are `unref`'d while
 * `source` is idle and `ref`'d again while it is busy, so a program that forgets `close()` ends once its last
 * turn is over (the exit hook of {@link AppServerProcess} then kills the server). Re-evaluated on the next
 * macrotask after each activity, once the promise callbacks it caused (e.g. releasing a thread) have run.
 */
export function keepAliveWhileBusy(child: ChildHandles, source: BusySource): () => void {
  // The stdio pipes are net.Sockets at runtime (typed as plain streams): ref/unref when they have them.
  const handles = [child, child.stdin, child.stdout, child.stderr].filter(
    (handle): handle is Referenceable =>
      typeof (handle as Partial<Referenceable> | null)?.unref === "function",
  ) as unknown as Referenceable[];
  let scheduled: ReturnType<typeof setImmediate> | undefined;
  let referenced = true;
  const apply = () => {
    scheduled = undefined;
    const busy = source.busy;
    if (busy === referenced) return;
    referenced = busy;
    for (const handle of handles) {
      if (busy) handle.ref();
      else handle.unref();
    }
  };
  const schedule = () => {
    scheduled ??= setImmediate(apply);
  };
  const off = source.onActivity(schedule);
  schedule();
  return () => {
    off();
    if (scheduled) clearImmediate(scheduled);
  };
}
