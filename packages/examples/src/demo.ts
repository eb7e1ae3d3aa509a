/**
 * The README's demo (`npm run demo`): one real turn through a real `codex app-server`, printing events as
 * they stream. With OPENAI_API_KEY set it talks to the real model; otherwise to the embedded scripted model
 * (`@codexkit/testing`), fully offline. Either way it uses a throwaway CODEX_HOME (see support/environment.ts).
 */
import { ApprovalMode, type Codex, type Notification, Sandbox, type TurnResult } from "@codexkit/node";
import { Item, type ModelReply, Reply } from "@codexkit/testing";
import { isMain, runExample } from "./support/environment.js";
import { type Output, println } from "./support/output.js";

export const PROMPT =
  "In one short paragraph: what is this directory, and what would you do first to explore it?";

/** Options of {@link main}. */
export interface DemoOptions {
  codex: Codex;
  cwd: string;
  out?: Output;
}

export function script(): ModelReply[] {
  return [
    Reply.items([
      Item.reasoning("Looking at the directory before answering.", { stream: true }),
      Item.execCommand("ls -a && echo listed"),
    ]),
    Reply.message(
      "This is a scratch directory created for the codexkit demo; it is empty apart from `.` and `..`. " +
        "I would start by listing files, reading any README, and checking the build scripts.",
      { stream: true, dripMs: 15 },
    ),
  ];
}

function describe(event: Notification): string | undefined {
  switch (event.method) {
    case "turn/started":
      return `▶ turn ${event.params.turn.id} started`;
    case "item/started":
      return `  · ${event.params.item.type} started`;
    case "item/completed": {
      const { item } = event.params;
      if (item.type === "commandExecution") return `  ✓ ran \`${item.command}\` (exit ${item.exitCode})`;
      if (item.type === "reasoning") return `  ✓ reasoning: ${item.summary.join(" ")}`;
      if (item.type === "agentMessage") return "\n  ✓ agent message complete";
      return `  ✓ ${item.type}`;
    }
    case "thread/tokenUsage/updated":
      return `  Σ tokens: ${event.params.tokenUsage.last.totalTokens}`;
    case "turn/completed":
      return `■ turn ${event.params.turn.status} in ${event.params.turn.durationMs} ms`;
    default:
      return undefined;
  }
}

export async function main({ codex, cwd, out = process.stdout }: DemoOptions): Promise<TurnResult> {
  println(out, `app-server: ${codex.metadata.userAgent}`);
  const thread = await codex.threadStart({
    cwd,
    approvalMode: ApprovalMode.denyAll,
    sandbox: Sandbox.readOnly,
  });
  println(out, `thread ${thread.id}\n> ${PROMPT}`);
  const turn = await thread.turn(PROMPT);
  for await (const event of turn) {
    if (event.method === "item/agentMessage/delta") out.write(event.params.delta);
    else {
      const line = describe(event);
      if (line) println(out, line);
    }
  }
  const result = await turn.run();
  println(out, `\nfinal response: ${result.finalResponse ?? "(none)"}`);
  println(out, `status: ${result.status}, items: ${result.items.map((i) => i.type).join(", ")}`);
  return result;
}

if (isMain(import.meta.url)) {
  void runExample("demo", { script: script(), home: { sandbox: "read-only" } }, async ({ codex, cwd }) => {
    const result = await main({ codex, cwd });
    return result.status === "completed";
  });
}
