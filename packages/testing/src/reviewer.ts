/**
 * Reviewer ("auto review" / guardian) requests: in codex's default approval mode app-server asks
 * the model itself whether an escalated action may run. These helpers recognise such requests and
 * build the verdict reply, so the scripted model can answer them apart from the main script.
 *
 * @module
 */

import type { ModelReply } from "./model-reply.js";
import type { RecordedRequest } from "./recorded-request.js";
import { Reply } from "./replies.js";

/** The reviewer's JSON answer, in the shape of codex's review output schema. */
export interface ReviewerVerdict {
  /** `"allow"` lets the action run; `"deny"` blocks it. */
  outcome: "allow" | "deny";
  /** The reviewer's risk assessment (default `low` for allow, `high` for deny). */
  risk_level?: "low" | "medium" | "high" | "critical";
  /** How clearly the user authorised the action (default `high`). */
  user_authorization?: "unknown" | "low" | "medium" | "high";
  /** Why (default `scripted`). */
  rationale?: string;
}

/** A verdict, or a full {@link ModelReply} (e.g. an invalid answer, which codex treats as a denial). */
export type ReviewerAnswer = ReviewerVerdict | ModelReply;

/** How to answer reviewer requests: a fixed answer or a function of the request. */
export type ReviewerPolicy =
  | ReviewerAnswer
  | ((request: RecordedRequest) => ReviewerAnswer | Promise<ReviewerAnswer>);

/** The verdict used when none is configured: allow, low risk. */
export const DEFAULT_REVIEWER_VERDICT: Readonly<Required<ReviewerVerdict>> = Object.freeze({
  outcome: "allow",
  risk_level: "low",
  user_authorization: "high",
  rationale: "scripted",
});

/**
 * True when the request is a reviewer request: its `text.format` is a JSON schema with an
 * `outcome` property (the developer message starts "You are judging one planned coding-agent action").
 */
export function isReviewerRequest(request: RecordedRequest): boolean {
  const format = request.body?.text?.format;
  if (format?.type !== "json_schema") return false;
  const properties = format.schema?.properties;
  return typeof properties === "object" && properties !== null && "outcome" in properties;
}

function isModelReply(answer: ReviewerAnswer): answer is ModelReply {
  return "kind" in answer;
}

/** The reply that carries `answer`: verdicts are sent as an assistant message of JSON text. */
export function reviewerReply(answer: ReviewerAnswer): ModelReply {
  if (isModelReply(answer)) return answer;
  const verdict: ReviewerVerdict = {
    outcome: answer.outcome,
    risk_level: answer.risk_level ?? (answer.outcome === "allow" ? "low" : "high"),
    user_authorization: answer.user_authorization ?? DEFAULT_REVIEWER_VERDICT.user_authorization,
    rationale: answer.rationale ?? DEFAULT_REVIEWER_VERDICT.rationale,
  };
  return Reply.message(JSON.stringify(verdict));
}
