/**
 * Threads are stored conversations: list them, resume one to continue it, fork one to branch off its
 * history, archive the ones you are done with (and list those separately).
 *
 *   pnpm --filter @codexkit/examples run example:threads
 */
import type { Codex, ThreadInfo } from "@codexkit/node";
import { type ModelReply, Reply } from "@codexkit/testing";
import { isMain, runExample } from "./support/environment.js";
import { type Output, oneLine, println } from "./support/output.js";

/** Options of {@link main}. */
export interface ThreadsOptions {
  codex: Codex;
  cwd: string;
  out?: Output;
}

export const FIRST_PROMPT = "Remember this for later: the project codename is Bluebird. Reply with OK.";
export const FORK_PROMPT = "In the fork: suggest a logo idea that fits the codename, in one sentence.";
export const RESUME_PROMPT = "What was the project codename? Reply with the codename only.";

export function script(): ModelReply[] {
  return [
    Reply.message("OK."),
    Reply.message("A small blue bird in flight, drawn with a single line."),
    Reply.message("Bluebird"),
  ];
}

/** What the example did, for the caller to check. */
export interface ThreadsOutcome {
  originalId: string;
  forkId: string;
  /** Ids listed before archiving. */
  listedBefore: string[];
  /** Ids listed (not archived) after archiving the fork. */
  listedAfter: string[];
  /** Ids listed with `archived: true`. */
  archived: string[];
  /** The resumed thread's answer. */
  resumedAnswer: string | undefined;
}

function show(out: Output, title: string, threads: readonly ThreadInfo[]): void {
  println(out, `${title} (${threads.length}):`);
  for (const thread of threads) {
    const name = thread.name ? ` "${thread.name}"` : "";
    println(out, `  ${thread.id}${name}: ${oneLine(thread.preview, 60)}`);
  }
}

export async function main({ codex, cwd, out = process.stdout }: ThreadsOptions): Promise<ThreadsOutcome> {
  // a thread is stored once its first turn has run
  const original = await codex.threadStart({ cwd });
  await original.run(FIRST_PROMPT);
  await original.setName("codename");

  // fork: a new thread that starts with a copy of the original's history
  const fork = await codex.threadFork(original.id);
  await fork.setName("codename: logo ideas");
  const forked = await fork.run(FORK_PROMPT);
  println(out, `forked ${original.id} into ${fork.id} (forkedFromId: ${fork.info?.forkedFromId ?? "?"})`);
  println(out, `fork: ${forked.finalResponse ?? "(no answer)"}`);

  const before = await codex.threadList({ cwd });
  show(out, "threads", before.data);

  // resume: continue a stored thread by id (e.g. in a later process), with its history
  const resumed = await codex.threadResume(original.id);
  const answer = await resumed.run(RESUME_PROMPT);
  println(out, `resumed ${resumed.id}: ${answer.finalResponse ?? "(no answer)"}`);

  // archive: hide the fork from the default listing; it is still there with `archived: true`
  await codex.threadArchive(fork.id);
  const after = await codex.threadList({ cwd });
  const archived = await codex.threadList({ cwd, archived: true });
  show(out, "threads after archiving the fork", after.data);
  show(out, "archived threads", archived.data);

  return {
    originalId: original.id,
    forkId: fork.id,
    listedBefore: before.data.map((thread) => thread.id),
    listedAfter: after.data.map((thread) => thread.id),
    archived: archived.data.map((thread) => thread.id),
    resumedAnswer: answer.finalResponse,
  };
}

if (isMain(import.meta.url)) {
  void runExample("threads", { script: script() }, async ({ codex, cwd }) => {
    const outcome = await main({ codex, cwd });
    return outcome.archived.includes(outcome.forkId) && !outcome.listedAfter.includes(outcome.forkId);
  });
}
