/**
 * Approvals answered by a callback. With `ApprovalMode.ask`, every request to go beyond the sandbox (run a
 * command outside it, write a file, widen permissions) reaches `onApproval`; here the callback asks the
 * person at the terminal. Without a callback codexkit declines (fail-closed); `acceptAll` opts back in.
 *
 *   pnpm --filter @codexkit/examples run example:approvals
 */
import { createInterface } from "node:readline/promises";
import {
  type ApprovalDecision,
  type ApprovalHandler,
  ApprovalMode,
  type ApprovalRequest,
  type Codex,
  Sandbox,
  type TurnResult,
} from "@codexkit/node";
import { type ModelReply, Reply } from "@codexkit/testing";
import { isMain, runExample } from "./support/environment.js";
import { type Output, println } from "./support/output.js";

/** Asks a yes/no question; resolves true for yes. */
export type Ask = (question: string) => Promise<boolean>;

/** Options of {@link main}. */
export interface ApprovalsOptions {
  codex: Codex;
  cwd: string;
  /** Decides each request: a terminal prompt when run by hand, a scripted answer in tests. */
  ask: Ask;
  out?: Output;
  prompt?: string;
}

export const PROMPT = "Create a file named hello.txt in the current directory containing the word hello.";

/** The scripted model asks to run a command outside the read-only sandbox, then reports what happened. */
export function script(): ModelReply[] {
  return [
    Reply.execCommand("echo hello > hello.txt", {
      sandboxPermissions: "require_escalated",
      justification: "Writing hello.txt needs write access.",
    }),
    Reply.message("I asked to create hello.txt; the command result above says whether it ran."),
  ];
}

/** One readable line for an approval request. */
export function describeRequest(request: ApprovalRequest): string {
  switch (request.kind) {
    case "commandExecution": {
      const reason = request.params.reason ? ` (${request.params.reason})` : "";
      return `run \`${request.params.command ?? request.item?.command ?? "?"}\`${reason}`;
    }
    case "fileChange": {
      const paths = request.item?.changes.map((change) => change.path).join(", ");
      return `change files${paths ? `: ${paths}` : ""}`;
    }
    case "permissions":
      return `grant extra permissions${request.params.reason ? ` (${request.params.reason})` : ""}`;
  }
}

/** An approval handler that asks `ask` about each request and logs the decision to `out`. */
export function askingHandler(ask: Ask, out: Output): ApprovalHandler {
  return async (request) => {
    const allowed = await ask(`Allow the agent to ${describeRequest(request)}?`);
    const decision: ApprovalDecision = allowed ? "accept" : "decline";
    println(out, `  → ${decision}`);
    return decision;
  };
}

export async function main({
  codex,
  cwd,
  ask,
  out = process.stdout,
  prompt = PROMPT,
}: ApprovalsOptions): Promise<TurnResult> {
  const thread = await codex.threadStart({
    cwd,
    approvalMode: ApprovalMode.ask, // requests go to onApproval instead of the auto-reviewer
    sandbox: Sandbox.readOnly, // so that writing a file needs approval
    onApproval: askingHandler(ask, out),
  });
  println(out, `> ${prompt}`);
  const result = await thread.run(prompt);
  for (const item of result.items) {
    if (item.type === "commandExecution") println(out, `command \`${item.command}\`: ${item.status}`);
  }
  println(out, result.finalResponse ?? "(no answer)");
  return result;
}

/** Asks on the terminal; without one (piped, CI) it declines, as codexkit does by default. */
export function terminalAsk(out: Output = process.stdout): Ask {
  return async (question) => {
    if (!process.stdin.isTTY) {
      println(out, `${question} [no terminal: declining]`);
      return false;
    }
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
    } finally {
      rl.close();
    }
  };
}

if (isMain(import.meta.url)) {
  void runExample("approvals", { script: script() }, async ({ codex, cwd }) => {
    const result = await main({ codex, cwd, ask: terminalAsk() });
    return result.status === "completed";
  });
}
