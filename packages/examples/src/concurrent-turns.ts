/**
 * Concurrent turns: one client, one app-server, several threads running a turn at the same time. Each
 * `TurnHandle` sees only its own turn's events, so the streams can be read side by side.
 * (Turns on the *same* thread queue up instead; use one thread per parallel task.)
 *
 *   pnpm --filter @codexkit/examples run example:concurrent-turns
 */
import { ApprovalMode, type Codex, Sandbox, type TurnHandle, type TurnResult } from "@codexkit/node";
import { inputTexts, type ModelReply, Reply } from "@codexkit/testing";
import { isMain, runExample } from "./support/environment.js";
import { type Output, oneLine, println } from "./support/output.js";

/** Options of {@link main}. */
export interface ConcurrentTurnsOptions {
  codex: Codex;
  cwd: string;
  out?: Output;
  /** One turn per question, all running at once. */
  questions?: readonly string[];
}

export const QUESTIONS = [
  "In one sentence: what is a monorepo?",
  "In one sentence: what does a JSON-RPC server do?",
  "In one sentence: why stream model output?",
] as const;

/**
 * The scripted model answers each request by echoing the question it finds in it, streaming slowly, so the
 * three answers overlap in time and a mix-up between turns would show in the answers.
 */
export function script(count: number = QUESTIONS.length): ModelReply[] {
  return Array.from({ length: count }, () =>
    Reply.dynamic((request) => {
      const question = inputTexts(request, "user").at(-1) ?? "";
      return Reply.message(`You asked: "${question}" — here is a short, streamed answer to exactly that.`, {
        stream: true,
        delayMs: 100,
        dripMs: 40,
      });
    }),
  );
}

/** Reads one turn to the end, reporting its progress with a `[n]` prefix. */
async function follow(turn: TurnHandle, label: string, out: Output): Promise<TurnResult> {
  let streamed = 0;
  for await (const event of turn) {
    if (event.method === "item/agentMessage/delta") {
      if (streamed === 0) println(out, `${label} streaming…`);
      streamed += event.params.delta.length;
    }
  }
  const result = await turn.run();
  println(out, `${label} ${result.status} (${streamed} characters streamed)`);
  return result;
}

export async function main({
  codex,
  cwd,
  out = process.stdout,
  questions = QUESTIONS,
}: ConcurrentTurnsOptions): Promise<TurnResult[]> {
  const threads = await Promise.all(
    questions.map(() =>
      codex.threadStart({ cwd, approvalMode: ApprovalMode.denyAll, sandbox: Sandbox.readOnly }),
    ),
  );
  const turns = await Promise.all(threads.map((thread, i) => thread.turn(questions[i]!)));
  for (const [i, turn] of turns.entries())
    println(out, `[${i + 1}] started turn ${turn.id}: ${questions[i]}`);

  const results = await Promise.all(turns.map((turn, i) => follow(turn, `[${i + 1}]`, out)));

  println(out);
  for (const [i, result] of results.entries()) {
    println(out, `[${i + 1}] ${oneLine(result.finalResponse ?? "(no answer)", 120)}`);
  }
  return results;
}

if (isMain(import.meta.url)) {
  void runExample("concurrent-turns", { script: script() }, async ({ codex, cwd }) => {
    const results = await main({ codex, cwd });
    return results.every((result) => result.status === "completed");
  });
}
