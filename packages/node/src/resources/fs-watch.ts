import { AbortError, type protocol } from "@codexkit/core";
import { AsyncQueue } from "@codexkit/core/internal";
import { rethrowFsError } from "../client/errors.js";
import { newHandleId } from "../internal/validation.js";
import type { Session } from "../session/session.js";

/** A change {@link FsWatch} reports (`fs/changed`): the paths that changed, absolute on the server's host. */
export type FsChange = protocol.v2.FsChangedNotification;

/**
 * A running `fs/watch` on the app-server's host, from `codex.fs.watch(path)`: an async iterable of the
 * changes codex reports (`fs/changed`, each with the `changedPaths`). Read it once. Leaving the loop,
 * {@link FsWatch.close}, `await using` or the watch's `signal` unwatches; aborting makes the loop throw
 * `AbortError`, a closed connection makes it throw the close error.
 *
 * @example
 * ```ts
 * await using watch = await codex.fs.watch("/srv/app");
 * for await (const { changedPaths } of watch) console.log(changedPaths);
 * ```
 */
export class FsWatch implements AsyncIterable<FsChange>, AsyncDisposable {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly session: Session,
    /** The connection-scoped id of this watch (`watchId` on the wire). */
    readonly watchId: string,
    /** The watched path, as the server canonicalized it. */
    readonly path: string,
    private readonly queue: AsyncQueue<FsChange>,
    private readonly detach: () => void,
  ) {}

  /** @internal Sends `fs/watch` (listening first, so no change is missed) and resolves once the server watches. */
  static async start(session: Session, path: string, signal: AbortSignal | undefined): Promise<FsWatch> {
    if (signal?.aborted) throw new AbortError("fs watch aborted before it started", { cause: signal.reason });
    const watchId = newHandleId("codexkit-watch");
    const queue = new AsyncQueue<FsChange>();
    const offChanges = session.onNotification((n) => {
      if (n.method === "fs/changed" && n.params.watchId === watchId) queue.push(n.params);
    });
    const offClose = session.connection.onClose((error) => queue.fail(error));
    let onAbort: (() => void) | undefined;
    const detach = () => {
      offChanges();
      offClose();
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    };
    let canonical: string;
    try {
      canonical = (
        await session
          .request("fs/watch", { watchId, path }, signal ? { signal } : {})
          .catch(rethrowFsError(path))
      ).path;
    } catch (error) {
      detach();
      // aborted while the server may already have started the watch: stop it
      if (error instanceof AbortError) void unwatch(session, watchId);
      throw error;
    }
    const watch = new FsWatch(session, watchId, canonical, queue, detach);
    if (signal) {
      onAbort = () => {
        queue.fail(new AbortError("fs watch aborted", { cause: signal.reason }));
        void watch.close();
      };
      signal.addEventListener("abort", onAbort, { once: true });
    }
    return watch;
  }

  /** The changes, in the order codex reports them. Leaving the loop unwatches. */
  [Symbol.asyncIterator](): AsyncIterator<FsChange> {
    const changes = this.queue[Symbol.asyncIterator]();
    return {
      next: () => changes.next(),
      return: async () => {
        await this.close();
        return { value: undefined, done: true };
      },
    };
  }

  /** Unwatches (`fs/unwatch`) and ends the iteration. Idempotent; resolves once the server has answered. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.detach();
      this.queue.end();
      await unwatch(this.session, this.watchId);
    })();
    return this.closing;
  }

  /** Same as {@link FsWatch.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** `fs/unwatch`, best effort: on a closed connection the server has dropped the watch already. */
async function unwatch(session: Session, watchId: string): Promise<void> {
  if (session.closed) return;
  await session.request("fs/unwatch", { watchId }).catch(() => {});
}
