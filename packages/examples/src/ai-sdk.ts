/**
 * Codex as a Vercel AI SDK model: `streamText` runs a Codex turn through `@codexkit/ai-sdk`, and one of your own
 * AI SDK tools runs inside that turn. The tool call ends the AI SDK step; the AI SDK runs `execute` and calls the
 * provider again with the result, which continues the same, still-running Codex turn (`stopWhen` bounds the loop).
 *
 *   pnpm --filter @codexkit/examples run example:ai-sdk
 */
import { createCodexProvider } from "@codexkit/ai-sdk";
import type { Codex } from "@codexkit/node";
import { type ModelReply, Reply } from "@codexkit/testing";
import { stepCountIs, streamText, tool } from "ai";
import { z } from "zod";
import { isMain, runExample } from "./support/environment.js";
import { type Output, println } from "./support/output.js";

/** Options of {@link main}. */
export interface AiSdkOptions {
  codex: Codex;
  cwd: string;
  out?: Output;
  prompt?: string;
}

export const PROMPT = "Where is order A-17? Use the lookup_order tool.";

/** Your data: what the tool looks up (in a real app, a database or an API). */
export const ORDERS: Record<string, { status: string; carrier: string }> = {
  "A-17": { status: "shipped", carrier: "DHL" },
};

export const ANSWER = "Order A-17 has shipped with DHL.";

/** The scripted model calls the tool, then answers from its result. */
export function script(): ModelReply[] {
  return [
    Reply.functionCall("lookup_order", { id: "A-17" }, { callId: "call_order_a17" }),
    Reply.message(ANSWER, { stream: true }),
  ];
}

/** Streams the answer; returns its text and how many AI SDK steps it took. */
export async function main({ codex, cwd, out = process.stdout, prompt = PROMPT }: AiSdkOptions) {
  const provider = createCodexProvider({ codex, cwd });
  try {
    println(out, `> ${prompt}`);
    const result = streamText({
      model: provider("gpt-5.5"),
      prompt,
      tools: {
        lookup_order: tool({
          description: "Looks an order up by its id",
          inputSchema: z.object({ id: z.string() }),
          execute: async ({ id }) => ORDERS[id] ?? { status: "unknown" },
        }),
      },
      stopWhen: stepCountIs(4),
    });
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") out.write(part.text);
      if (part.type === "tool-call") println(out, `[tool] ${part.toolName}(${JSON.stringify(part.input)})`);
      if (part.type === "tool-result") println(out, `[tool] → ${JSON.stringify(part.output)}`);
      if (part.type === "finish-step") println(out, `[step finished: ${part.finishReason}]`);
    }
    const steps = await result.steps;
    return {
      text: await result.text,
      steps: steps.length,
      threadId: steps[0]?.providerMetadata?.codex?.threadId,
    };
  } finally {
    await provider.close();
  }
}

if (isMain(import.meta.url)) {
  void runExample("ai-sdk", { script: script() }, async ({ codex, cwd }) => {
    return (await main({ codex, cwd })).text !== "";
  });
}
