import type { ReviewTarget, ThreadItem, TurnResult } from "@codexkit/core";
import type { Session } from "../session/session.js";
import { TurnHandle } from "../turn/turn-handle.js";

/** One finding of a code review. */
export interface ReviewFinding {
  /** The finding's title as the reviewer wrote it (conventionally starting with `[P0]`…`[P3]`). */
  title: string;
  /** The explanation. */
  body: string;
  /** The file it is about, as the reviewer named it (usually an absolute path); null when it named none. */
  file: string | null;
  /** The lines it is about (1-based, inclusive); null when the reviewer gave none. */
  lines: {
    /** The first line. */
    start: number;
    /** The last line. */
    end: number;
  } | null;
  /** 0 (most urgent) to 3, from the title's `[Pn]` tag; null when it has none. */
  priority: number | null;
}

/** What a review turn produced. */
export interface ReviewResult {
  /** The review turn itself (status, items, usage, …). */
  turn: TurnResult;
  /** The review as codex renders it (the `exitedReviewMode` item); null when the turn ended without one. */
  text: string | null;
  /** The reviewer's overall explanation (the text before its comments); null without a review. */
  explanation: string | null;
  /** The findings, in the reviewer's order. */
  findings: ReviewFinding[];
}

/**
 * @internal Starts `review/start` (inline, on the thread itself) and returns a handle for the review turn;
 * `release` is called once the turn has completed.
 */
export async function startReview(
  session: Session,
  threadId: string,
  target: ReviewTarget,
  signal: AbortSignal | undefined,
  release: () => void,
): Promise<TurnHandle> {
  const { turn } = await session.telemetry.turn(threadId, {}, () =>
    session.request("review/start", { threadId, target, delivery: "inline" }),
  );
  const queue = session.router.openTurn(turn.id);
  void session.whenTurnCompleted(turn.id).then(release);
  return new TurnHandle(session, threadId, turn.id, queue, undefined, signal, () => {});
}

/**
 * The review of a finished review turn. The app-server (v2) hands over the review only as rendered text
 * (`exitedReviewMode.review`: the explanation, then `- <title> — <file>:<start>-<end>` lines each followed
 * by the indented body); the reviewer's structured output (with `overall_correctness` and confidence
 * scores) stays in the rollout. This parses that text.
 */
export function reviewResultOf(turn: TurnResult): ReviewResult {
  let exited: Extract<ThreadItem, { type: "exitedReviewMode" }> | undefined;
  for (const item of turn.items) if (item.type === "exitedReviewMode") exited = item;
  if (!exited) return { turn, text: null, explanation: null, findings: [] };
  return { turn, text: exited.review, ...parseReview(exited.review) };
}

const HEADING = /^(review comments?|full review comments?):\s*$/i;
const FINDING = /^- (.+?)(?: — (.+?)(?::(\d+)(?:-(\d+))?)?)?\s*$/;

function parseReview(text: string): { explanation: string; findings: ReviewFinding[] } {
  const lines = text.split("\n");
  const headingAt = lines.findIndex((line) => HEADING.test(line.trim()));
  if (headingAt < 0) return { explanation: text.trim(), findings: [] };
  const findings: ReviewFinding[] = [];
  let current: ReviewFinding | undefined;
  const body: string[] = [];
  const flush = () => {
    if (current) findings.push({ ...current, body: body.join("\n").trim() });
    body.length = 0;
  };
  for (const line of lines.slice(headingAt + 1)) {
    const match = line.match(FINDING);
    if (match) {
      flush();
      const [, title = "", file, start, end] = match;
      const first = start === undefined ? undefined : Number(start);
      current = {
        title: title.trim(),
        body: "",
        file: file ?? null,
        lines: first === undefined ? null : { start: first, end: end === undefined ? first : Number(end) },
        priority: priorityOf(title),
      };
    } else if (current) {
      body.push(line.startsWith("  ") ? line.slice(2) : line);
    }
  }
  flush();
  return { explanation: lines.slice(0, headingAt).join("\n").trim(), findings };
}

function priorityOf(title: string): number | null {
  const match = title.trim().match(/^\[P([0-3])\]/);
  return match ? Number(match[1]) : null;
}
