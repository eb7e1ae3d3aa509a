import { type ClientParams, InvalidInputError, type protocol } from "@codexkit/core";
import {
  checkAbsolutePath,
  checkBooleans,
  checkNonEmptyString,
  checkOptionsObject,
  checkPaths,
  checkStrings,
  describeValue,
  isPlainObject,
} from "../internal/validation.js";
import type { SessionSource } from "../session/session.js";

/** What a feedback upload answered: the thread it concerns and the hash of its base instructions. */
export type FeedbackUploadResult = protocol.v2.FeedbackUploadResponse;

/** A feedback report for OpenAI (`feedback/upload`) or a local bundle (`feedback/save`). */
export interface FeedbackReport {
  /** What kind of feedback, e.g. `"bug"`, `"bad_result"`, `"good_result"`. */
  classification: string;
  /** The user's words. */
  reason?: string;
  /** The thread it is about (its rollout is included). */
  threadId?: string;
  /** Include codex's logs. Default `false`. */
  includeLogs?: boolean;
  /** More log files to include (absolute paths on the server's host). */
  extraLogFiles?: string[];
  /** Tags, e.g. `{ app: "my-tool" }`. */
  tags?: Record<string, string>;
}

/**
 * Feedback about Codex, reached as `codex.feedback`: upload a report to OpenAI (needs the network, as the
 * Codex CLI's `/feedback`), or save the same bundle as a ZIP on the server's host.
 *
 * @example
 * ```ts
 * await codex.feedback.upload({ classification: "bad_result", reason: "Wrong file edited", threadId: thread.id });
 * ```
 */
export class Feedback {
  /** @internal */
  constructor(private readonly session: SessionSource) {}

  /**
   * Uploads a report (`feedback/upload`). Offline, codex answers with an `InternalRpcError` ("failed to
   * upload feedback").
   *
   * @example
   * ```ts
   * const { threadId } = await codex.feedback.upload({ classification: "bug", threadId: thread.id });
   * ```
   */
  async upload(report: FeedbackReport): Promise<FeedbackUploadResult> {
    const params = reportParams(report);
    return (await this.session()).request("feedback/upload", params);
  }

  /**
   * Saves the report's bundle as a ZIP at `savePath` (absolute, not existing yet) on the server's host
   * (`feedback/save`), e.g. to attach it to your own issue tracker.
   *
   * @example
   * ```ts
   * await codex.feedback.save("/tmp/codex-feedback.zip", { classification: "bug", threadId: thread.id });
   * ```
   */
  async save(savePath: string, report: FeedbackReport): Promise<void> {
    checkAbsolutePath(savePath, "savePath");
    const params = reportParams(report);
    await (await this.session()).request("feedback/save", { savePath, ...params });
  }
}

function reportParams(report: FeedbackReport): ClientParams<"feedback/upload"> {
  checkOptionsObject(report, "feedback report");
  if (report === undefined) throw new InvalidInputError("feedback needs a report with a classification");
  checkNonEmptyString(report.classification, "classification");
  checkStrings(report, ["reason", "threadId"]);
  checkBooleans(report, ["includeLogs"]);
  checkPaths(report.extraLogFiles, "extraLogFiles");
  if (report.tags !== undefined) {
    if (!isPlainObject(report.tags) || Object.values(report.tags).some((v) => typeof v !== "string")) {
      throw new InvalidInputError(`tags must be an object of strings, got ${describeValue(report.tags)}`);
    }
  }
  const params: ClientParams<"feedback/upload"> = { classification: report.classification };
  if (report.reason !== undefined) params.reason = report.reason;
  if (report.threadId !== undefined) params.threadId = report.threadId;
  if (report.includeLogs !== undefined) params.includeLogs = report.includeLogs;
  if (report.extraLogFiles) params.extraLogFiles = report.extraLogFiles;
  if (report.tags) params.tags = report.tags;
  return params;
}
