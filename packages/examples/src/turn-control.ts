/**
 * Controlling a running turn: add input with `steer`, stop it with `interrupt`, and give it a deadline
 * with an `AbortSignal` (here `AbortSignal.timeout`), which interrupts it and rejects with
 * `TurnAbortedError` holding what the turn did before it stopped.
 *
 *   pnpm --filter @codexkit/examples run example:turn-control
 */
import {
  ApprovalMode,
  type Codex,
  Sandbox,
  type Thread,
  TurnAbortedError,
  type TurnResult,
  type TurnStatus,
} from "@codexkit/node";
import { Item, type ModelReply, Reply } from "@codexkit/testing";
import { isMain, runExample } from "./support/environment.js";
import { type Output, oneLine, println } from "./support/output.js";

/** Options of {@link main}. */
export interface TurnControlOptions {
  codex: Codex;
  cwd: string;
  out?: Output;
  /** The deadline of the third turn, in ms. Default 3000. */
  timeoutMs?: number;
}

export const STEER_PROMPT = "Write a four-line poem about mountains.";
export const STEER_INPUT = "Change of plan: make it about the sea instead.";
export const INTERRUPT_PROMPT = "Count from 1 to 500, one number per line.";
export const TIMEOUT_PROMPT = "Write a 3000-word essay on the history of version control.";

export function script(): ModelReply[] {
  return [
    // 1. steer: the first answer is slow, so the steer arrives while it is being produced; codex sends it
    //    to the model with the next request, and the final answer follows it
    Reply.message("Peaks of granite, capped in snow…", { delayMs: 500 }),
    Reply.message(
      "Waves roll in from far away,\nsalt and foam at end of day,\nthe tide keeps time, the gulls reply,\nthe sea is wide beneath the sky.",
    ),
    // 2. interrupt: counting starts streaming, then the stream stalls until the turn is interrupted
    Reply.stall({ items: [Item.message("1\n2\n3\n4\n5\n", { stream: true })] }),
    // 3. timeout: the model never finishes; the AbortSignal fires first
    Reply.stall(),
  ];
}

/** The outcome of the three turns. */
export interface TurnControlOutcome {
  steered: TurnResult;
  interrupted: TurnResult;
  /** The status the timed-out turn ended with (`interrupted`). */
  timedOutStatus: TurnStatus;
}

async function steerDemo(thread: Thread, out: Output): Promise<TurnResult> {
  println(out, `1) steer\n> ${STEER_PROMPT}`);
  const turn = await thread.turn(STEER_PROMPT);
  await turn.steer(STEER_INPUT); // a string is shorthand for a text input
  println(out, `> (steer) ${STEER_INPUT}`);
  const result = await turn.run();
  println(out, `${result.status}: ${oneLine(result.finalResponse ?? "(no answer)", 100)}`);
  return result;
}

async function interruptDemo(thread: Thread, out: Output): Promise<TurnResult> {
  println(out, `2) interrupt\n> ${INTERRUPT_PROMPT}`);
  const turn = await thread.turn(INTERRUPT_PROMPT);
  let streamed = "";
  let stopping = false;
  for await (const event of turn) {
    if (event.method === "item/agentMessage/delta") {
      streamed += event.params.delta;
      if (!stopping && streamed.split("\n").length > 5) {
        stopping = true; // enough: stop the turn once five lines have arrived
        await turn.interrupt();
      }
    }
  }
  const result = await turn.run();
  println(out, `${result.status} after ${streamed.split("\n").filter(Boolean).length} lines`);
  return result;
}

async function timeoutDemo(thread: Thread, out: Output, timeoutMs: number): Promise<TurnStatus> {
  println(out, `3) timeout after ${timeoutMs} ms\n> ${TIMEOUT_PROMPT}`);
  try {
    const result = await thread.run(TIMEOUT_PROMPT, { signal: AbortSignal.timeout(timeoutMs) });
    println(out, `finished before the deadline: ${result.status}`);
    return result.status;
  } catch (error) {
    if (!(error instanceof TurnAbortedError)) throw error;
    println(out, `aborted: ${error.message}; the turn ended ${error.result.status}`);
    return error.result.status;
  }
}

export async function main({
  codex,
  cwd,
  out = process.stdout,
  timeoutMs = 3000,
}: TurnControlOptions): Promise<TurnControlOutcome> {
  const thread = await codex.threadStart({
    cwd,
    approvalMode: ApprovalMode.denyAll,
    sandbox: Sandbox.readOnly,
  });
  const steered = await steerDemo(thread, out);
  const interrupted = await interruptDemo(thread, out);
  const timedOutStatus = await timeoutDemo(thread, out, timeoutMs);
  return { steered, interrupted, timedOutStatus };
}

if (isMain(import.meta.url)) {
  void runExample("turn-control", { script: script() }, async ({ codex, cwd }) => {
    const outcome = await main({ codex, cwd });
    return outcome.steered.status === "completed" && outcome.interrupted.status === "interrupted";
  });
}
