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
 * - `activeWriter`: another app-server process has the thread loaded ("thread … already has an active writer");
 * - `unknownMethod`: a method this codex does not know (-32600 "Invalid request: unknown variant `…`");
 * - `retryLimit`: the server gave up after too many failed attempts;
 * - `noActiveTurn`: `turn/interrupt` or `turn/steer` found no running turn.
 */
export type CodexErrorKind = "noRollout" | "activeWriter" | "unknownMethod" | "retryLimit" | "noActiveTurn";

const SAYS: { readonly [K in CodexErrorKind]: (text: string) => boolean } = {
  noRollout: (text) => /no rollout found/i.test(text),
  activeWriter: (text) => /already has an active writer/.test(text),
  unknownMethod: (text) => /unknown variant `[^`]*`/.test(text) && text.includes("Invalid request"),
  retryLimit: (text) => /retry limit|too many failed attempts/i.test(text),
  noActiveTurn: (text) => /no active turn/.test(text),
};

/** Whether codex's error `text` says `kind` (see {@link CodexErrorKind}). */
export function codexSays(text: string, kind: CodexErrorKind): boolean {
  return SAYS[kind](text);
}

/** The thread an `activeWriter` text names ("thread <id> already has an active writer"), if it names one. */
export function busyThreadIdOf(text: string): string | undefined {
  return /thread (\S+) already has an active writer/.exec(text)?.[1];
}
