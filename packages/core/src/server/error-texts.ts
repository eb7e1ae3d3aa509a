/**
 * The one place codexkit reads codex's error texts. codex answers most failures with a generic JSON-RPC
 * code (-32600) and says what happened only in the message, so some decisions depend on its wording; they
 * all go through {@link codexSays}, and a codex bump that rewords a message is fixed here.
 *
 * @module
 */

/**
 * What a codex error text says, for the texts codexkit acts on:
 * - `noRollout`: `thread/resume` / `thread/fork` of a thread codex has no stored rollout of ("no rollout
 *   found for thread id …": an ephemeral thread, one with no turn yet, an unknown id);
 * - `unknownThread`: a thread id codex cannot act on: no stored rollout, not a valid id, not found, not loaded;
 * - `activeWriter`: another app-server process has the thread loaded ("thread … already has an active writer");
 * - `unknownMethod`: a method this codex does not know (-32600 "Invalid request: unknown variant `…`");
 * - `retryLimit`: the server gave up after too many failed attempts;
 * - `noActiveTurn`: `turn/interrupt` or `turn/steer` found no running turn;
 * - `noActiveExec`: `command/exec/*` named a process that is not running (it exited, or never started);
 * - `osError`: the host's operating system refused an operation (`fs/*`): Rust's `io::Error` text, which ends
 *   in `(os error N)` — {@link osErrorOf} names the error.
 */
export type CodexErrorKind =
  | "noRollout"
  | "unknownThread"
  | "activeWriter"
  | "unknownMethod"
  | "retryLimit"
  | "noActiveTurn"
  | "noActiveExec"
  | "osError";

const SAYS: { readonly [K in CodexErrorKind]: (text: string) => boolean } = {
  noRollout: (text) => /no rollout found/i.test(text),
  unknownThread: (text) =>
    /no rollout found|invalid thread id|thread not found|thread not loaded/i.test(text),
  activeWriter: (text) => /already has an active writer/.test(text),
  unknownMethod: (text) => /unknown variant `[^`]*`/.test(text) && text.includes("Invalid request"),
  retryLimit: (text) => /retry limit|too many failed attempts/i.test(text),
  noActiveTurn: (text) => /no active turn/.test(text),
  noActiveExec: (text) => /no active command\/exec/.test(text),
  // only a text that ends in the host error's `(os error N)` names one (not, say, "requires recursive: true
  // when sourcePath is a directory")
  osError: (text) => /\(os error \d+\)/.test(text),
};

/** Whether codex's error `text` says `kind` (see {@link CodexErrorKind}). */
export function codexSays(text: string, kind: CodexErrorKind): boolean {
  return SAYS[kind](text);
}

/** The thread an `activeWriter` text names ("thread <id> already has an active writer"), if it names one. */
export function busyThreadIdOf(text: string): string | undefined {
  return /thread (\S+) already has an active writer/.exec(text)?.[1];
}

/** The POSIX name of a host error {@link osErrorOf} recognises. */
export type OsErrorName = "ENOENT" | "ENOTDIR" | "EISDIR" | "EEXIST" | "ENOTEMPTY" | "EACCES" | "EROFS";

/** The host's error texts (its strerror, as POSIX hosts and Windows word them), by the error they name. */
const OS_ERRORS: ReadonlyArray<readonly [RegExp, OsErrorName]> = [
  [/no such file or directory|cannot find the (file|path)/i, "ENOENT"],
  [/not a directory/i, "ENOTDIR"],
  [/is a directory/i, "EISDIR"],
  [/file exists|already exists/i, "EEXIST"],
  [/directory not empty|directory is not empty/i, "ENOTEMPTY"],
  [/permission denied|access is denied|operation not permitted/i, "EACCES"],
  [/read-only file system/i, "EROFS"],
];

/**
 * The operating-system error an `osError` text names (codex relays the host's `io::Error`: its strerror,
 * then `(os error N)`), or undefined when the text is no `osError` or names none of {@link OsErrorName}.
 */
export function osErrorOf(text: string): OsErrorName | undefined {
  if (!codexSays(text, "osError")) return undefined;
  return OS_ERRORS.find(([pattern]) => pattern.test(text))?.[1];
}
