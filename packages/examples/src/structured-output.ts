/**
 * Structured output with a zod schema: the schema is sent to the model as JSON Schema, the final answer is
 * parsed and validated, and `result.output` is typed from the schema. A bad answer rejects with
 * `OutputValidationError` (which keeps the raw text).
 *
 *   pnpm --filter @codexkit/examples run example:structured-output
 */
import { type Codex, OutputValidationError } from "@codexkit/node";
import { type ModelReply, Reply } from "@codexkit/testing";
import { z } from "zod";
import { isMain, runExample } from "./support/environment.js";
import { type Output, println } from "./support/output.js";

/** What we want back: a typed object, not prose. */
export const Review = z.object({
  summary: z.string().describe("one sentence"),
  risks: z.array(z.object({ title: z.string(), severity: z.enum(["low", "medium", "high"]) })),
  approve: z.boolean(),
});
export type Review = z.infer<typeof Review>;

/** Options of {@link main}. */
export interface StructuredOutputOptions {
  codex: Codex;
  cwd: string;
  out?: Output;
  prompt?: string;
}

export const PROMPT =
  "Review this change: `rm -rf build && npm publish` was added to the release script. Answer as JSON.";

export const SCRIPTED_REVIEW: Review = {
  summary: "The release script now deletes the build output and publishes without building or testing.",
  risks: [
    { title: "publishes an empty or stale package", severity: "high" },
    { title: "no tests before publishing", severity: "medium" },
  ],
  approve: false,
};

export function script(): ModelReply[] {
  return [Reply.message(JSON.stringify(SCRIPTED_REVIEW))];
}

/** Returns the parsed review, or undefined (after printing why) when the answer did not match the schema. */
export async function main({
  codex,
  cwd,
  out = process.stdout,
  prompt = PROMPT,
}: StructuredOutputOptions): Promise<Review | undefined> {
  const thread = await codex.threadStart({ cwd });
  println(out, `> ${prompt}`);
  try {
    const result = await thread.run(prompt, { outputSchema: Review });
    const review = result.output; // typed as Review | undefined
    if (review === undefined) {
      println(out, `no structured answer (turn ${result.status})`);
      return undefined;
    }
    println(out, `summary: ${review.summary}`);
    for (const risk of review.risks) println(out, `  - [${risk.severity}] ${risk.title}`);
    println(out, `approve: ${review.approve ? "yes" : "no"}`);
    return review;
  } catch (error) {
    if (!(error instanceof OutputValidationError)) throw error;
    println(out, `the answer did not match the schema: ${error.message}`);
    println(out, `raw answer: ${error.finalResponse}`);
    return undefined;
  }
}

if (isMain(import.meta.url)) {
  void runExample("structured-output", { script: script() }, async ({ codex, cwd }) => {
    return (await main({ codex, cwd })) !== undefined;
  });
}
