import { AbortError, type ReviewResult, type ReviewTarget, TurnAbortedError } from "@codexkit/node";
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { CodexBridge } from "../bridge.js";
import { InvalidArgumentError } from "../errors.js";
import type { BridgeSession } from "../session-scope.js";
import { withRemoteParent } from "../trace-context.js";
import { toolError, toolResult } from "./results.js";

/** The name of the review tool. */
export const REVIEW_TOOL = "codex_review";

/** The input schema of `codex_review`. */
export function reviewInputSchema(bridge: CodexBridge) {
  return z
    .object({
      target: z
        .enum(["uncommittedChanges", "baseBranch", "commit", "custom"])
        .describe(
          "What to review: the working tree's uncommitted changes, the diff against `branch`, the commit `sha`, " +
            "or whatever `instructions` say",
        ),
      branch: z.string().min(1).optional().describe('The base branch, with target "baseBranch"'),
      sha: z.string().min(1).optional().describe('The commit, with target "commit"'),
      instructions: z.string().min(1).optional().describe('What to review and how, with target "custom"'),
      cwd: z
        .string()
        .min(1)
        .optional()
        .describe(`The repository; must be inside the allowed roots (${bridge.policy.roots.join(", ")})`),
      threadId: z
        .string()
        .min(1)
        .optional()
        .describe("Review inside this conversation of yours (default: a new thread)"),
    })
    .strict();
}

/** The structured result of `codex_review`. */
export const reviewOutputSchema = z.object({
  threadId: z.string(),
  turnId: z.string(),
  status: z.enum(["completed", "interrupted", "failed", "inProgress"]),
  explanation: z.string().nullable().describe("The reviewer's overall verdict in its own words"),
  findings: z.array(
    z.object({
      title: z.string().describe("Conventionally starts with [P0]…[P3]"),
      body: z.string(),
      file: z.string().nullable(),
      lines: z.object({ start: z.number().int(), end: z.number().int() }).nullable(),
      priority: z.number().int().nullable().describe("0 (most urgent) to 3, from the title's [Pn]"),
    }),
  ),
  review: z.string().nullable().describe("The whole review as codex renders it"),
  error: z.string().nullable(),
  cwd: z.string(),
});

type ReviewArgs = z.infer<ReturnType<typeof reviewInputSchema>>;

/** Registers `codex_review` on `server`. */
export function registerReviewTool(server: McpServer, bridge: CodexBridge, session: BridgeSession): void {
  server.registerTool(
    REVIEW_TOOL,
    {
      title: "Review code with Codex",
      description:
        "Ask Codex to review code: uncommitted changes, a branch diff, a commit, or custom instructions. Returns " +
        "the findings (title, body, file, line range, priority) and the overall verdict. Runs under the operator's " +
        "sandbox and approval ceiling, inside the allowed roots; cancelling the call stops the review.",
      inputSchema: reviewInputSchema(bridge),
      outputSchema: reviewOutputSchema,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    // in the context of the host's span (`_meta.traceparent`), so the review turn continues its trace
    async (args, ctx) =>
      withRemoteParent(ctx.mcpReq._meta, bridge.logger, async () => {
        try {
          const target = reviewTarget(args);
          const settings = bridge.policy.settingsFor({});
          return toolResult(
            await bridge.track(session, async (controller) => {
              const onCallAbort = () => controller.abort(new AbortError("the MCP client cancelled the call"));
              ctx.mcpReq.signal.addEventListener("abort", onCallAbort, { once: true });
              const timer =
                bridge.limits.timeoutMs > 0
                  ? setTimeout(
                      () => controller.abort(new AbortError("the review exceeded the operator's timeout")),
                      bridge.limits.timeoutMs,
                    )
                  : undefined;
              try {
                const { thread, cwd } = await bridge.openThread(
                  session,
                  { threadId: args.threadId, cwd: args.cwd, model: bridge.defaultModel },
                  settings,
                );
                bridge.logger.info(`review: thread ${thread.id}, target ${target.type}`);
                let review: ReviewResult | undefined;
                let error: string | null = null;
                try {
                  review = await thread.review(target, { signal: controller.signal });
                } catch (failure) {
                  if (!(failure instanceof TurnAbortedError)) throw failure;
                  error = `interrupted: ${failure.cause instanceof Error ? failure.cause.message : "stopped"}`;
                  return {
                    ...emptyReview(thread.id, failure.result.id, cwd),
                    status: failure.result.status,
                    error,
                  };
                }
                return {
                  threadId: thread.id,
                  turnId: review.turn.id,
                  status: review.turn.status,
                  explanation: review.explanation,
                  findings: review.findings,
                  review: review.text,
                  error: review.turn.error?.message ?? null,
                  cwd,
                };
              } finally {
                clearTimeout(timer);
                ctx.mcpReq.signal.removeEventListener("abort", onCallAbort);
              }
            }),
          );
        } catch (error) {
          return toolError(REVIEW_TOOL, error, bridge);
        }
      }),
  );
}

function emptyReview(threadId: string, turnId: string, cwd: string) {
  return { threadId, turnId, explanation: null, findings: [], review: null, cwd };
}

function reviewTarget(args: ReviewArgs): ReviewTarget {
  const need = (value: string | undefined, name: string): string => {
    if (value === undefined) throw new InvalidArgumentError(`target "${args.target}" needs \`${name}\``);
    return value;
  };
  switch (args.target) {
    case "uncommittedChanges":
      return { type: "uncommittedChanges" };
    case "baseBranch":
      return { type: "baseBranch", branch: need(args.branch, "branch") };
    case "commit":
      return { type: "commit", sha: need(args.sha, "sha"), title: null };
    case "custom":
      return { type: "custom", instructions: need(args.instructions, "instructions") };
  }
}
