/**
 * Streaming: print a turn's events as they arrive, with a live status line (activity, elapsed time,
 * tokens, streamed characters) redrawn at the bottom of the terminal.
 *
 *   pnpm --filter @codexkit/examples run example:streaming
 */
import { ApprovalMode, type Codex, type Notification, Sandbox, type TurnResult } from "@codexkit/node";
import { Item, type ModelReply, Reply } from "@codexkit/testing";
import { isMain, runExample } from "./support/environment.js";
import { type Output, oneLine } from "./support/output.js";
import { StatusLine } from "./support/status-line.js";

/** Options of {@link main}. */
export interface StreamingOptions {
  codex: Codex;
  cwd: string;
  out?: Output;
  prompt?: string;
  /** How often the status line is redrawn while nothing arrives, in ms (terminal only). Default 100. */
  tickMs?: number;
}

export const PROMPT = "Look around this directory and tell me, in two sentences, what you found.";

export function script(): ModelReply[] {
  return [
    Reply.items([
      Item.reasoning("Listing the directory first.", { stream: true }),
      Item.execCommand("ls -la"),
    ]),
    Reply.message("The directory is empty apart from `.` and `..`. There is nothing to build or run yet.", {
      stream: true,
      dripMs: 20,
      usage: { inputTokens: 2400, outputTokens: 40 },
    }),
  ];
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** The live state shown in the status line. */
interface TurnState {
  activity: string;
  streamedChars: number;
  tokens: number | undefined;
  events: number;
}

/** A line for the events worth a line of their own; undefined for the rest. */
function describe(event: Notification): string | undefined {
  switch (event.method) {
    case "turn/started":
      return `▶ turn ${event.params.turn.id} started`;
    case "item/completed": {
      const { item } = event.params;
      if (item.type === "reasoning") return `  ✓ reasoning: ${oneLine(item.summary.join(" "))}`;
      if (item.type === "commandExecution") return `  ✓ ran \`${item.command}\` (exit ${item.exitCode})`;
      if (item.type === "agentMessage") return `  ✓ answer: ${item.text}`;
      if (item.type === "userMessage") return undefined;
      return `  ✓ ${item.type}`;
    }
    case "turn/completed": {
      const { turn } = event.params;
      return `■ turn ${turn.status}${turn.durationMs === null ? "" : ` in ${turn.durationMs} ms`}`;
    }
    default:
      return undefined;
  }
}

/** Updates the live state from one event. */
function track(state: TurnState, event: Notification): void {
  state.events += 1;
  switch (event.method) {
    case "item/started": {
      const { item } = event.params;
      if (item.type === "reasoning") state.activity = "thinking";
      else if (item.type === "commandExecution") state.activity = `running ${oneLine(item.command, 40)}`;
      else if (item.type === "agentMessage") state.activity = "writing the answer";
      break;
    }
    case "item/agentMessage/delta":
    case "item/reasoning/summaryTextDelta":
      state.streamedChars += event.params.delta.length;
      break;
    case "thread/tokenUsage/updated":
      state.tokens = event.params.tokenUsage.total.totalTokens;
      break;
    case "turn/completed":
      state.activity = event.params.turn.status;
      break;
  }
}

export async function main({
  codex,
  cwd,
  out = process.stdout,
  prompt = PROMPT,
  tickMs = 100,
}: StreamingOptions): Promise<TurnResult> {
  const thread = await codex.threadStart({
    cwd,
    approvalMode: ApprovalMode.denyAll,
    sandbox: Sandbox.readOnly,
  });
  const status = new StatusLine(out);
  const state: TurnState = { activity: "starting", streamedChars: 0, tokens: undefined, events: 0 };
  const startedAt = Date.now();
  let frame = 0;
  const redraw = () => {
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    const tokens = state.tokens === undefined ? "" : ` · ${state.tokens} tokens`;
    status.set(
      `${SPINNER[frame++ % SPINNER.length]} ${state.activity} · ${seconds}s · ${state.streamedChars} chars streamed${tokens} · ${state.events} events`,
    );
  };
  const ticker = status.enabled ? setInterval(redraw, tickMs) : undefined;

  status.print(`> ${prompt}`);
  const turn = await thread.turn(prompt);
  try {
    for await (const event of turn) {
      track(state, event);
      const line = describe(event);
      if (line !== undefined) status.print(line);
      redraw();
    }
  } finally {
    clearInterval(ticker);
    status.clear();
  }
  const result = await turn.run(); // the stream was read to the end: returns at once
  const tokens = result.usage ? `, ${result.usage.total.totalTokens} tokens` : "";
  status.print(`${state.events} events, ${state.streamedChars} characters streamed${tokens}`);
  return result;
}

if (isMain(import.meta.url)) {
  void runExample("streaming", { script: script() }, async ({ codex, cwd }) => {
    const result = await main({ codex, cwd });
    return result.status === "completed";
  });
}
