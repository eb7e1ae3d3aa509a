/**
 * Quickstart: start a thread, run one turn, print the answer and the token count.
 *
 *   pnpm --filter @codexkit/examples run example:quickstart
 */
import type { Codex, TurnResult } from "@codexkit/node";
import { type ModelReply, Reply } from "@codexkit/testing";
import { isMain, runExample } from "./support/environment.js";
import { type Output, println } from "./support/output.js";

/** Options of {@link main}. */
export interface QuickstartOptions {
  /** A started client (see `support/environment.ts`). */
  codex: Codex;
  /** The directory the agent works in. */
  cwd: string;
  /** Where to print (default stdout). */
  out?: Output;
  /** What to ask. */
  prompt?: string;
}

export const PROMPT = "Say hello in one sentence, and name one thing you can do in this directory.";

/** What the embedded scripted model answers when no OPENAI_API_KEY is set. */
export function script(): ModelReply[] {
  return [
    Reply.message("Hello! I can list, read and edit the files in this directory for you.", {
      usage: { inputTokens: 1200, outputTokens: 18 },
    }),
  ];
}

export async function main({
  codex,
  cwd,
  out = process.stdout,
  prompt = PROMPT,
}: QuickstartOptions): Promise<TurnResult> {
  const thread = await codex.threadStart({ cwd });
  println(out, `> ${prompt}`);
  const result = await thread.run(prompt);
  println(out, result.finalResponse ?? "(no answer)");
  println(out, `status: ${result.status}, tokens: ${result.usage?.last.totalTokens ?? "n/a"}`);
  return result;
}

if (isMain(import.meta.url)) {
  void runExample("quickstart", { script: script() }, async ({ codex, cwd }) => {
    const result = await main({ codex, cwd });
    return result.status === "completed";
  });
}
