import {
  type ElicitResult,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
} from "@modelcontextprotocol/server";
import { InvalidArgumentError } from "./errors.js";
import type { PendingQuestion } from "./question-queue.js";
import type { BridgeSession } from "./session-scope.js";
import type { StartedRun } from "./started-run.js";

/** The key of the approval question in an `input_required` result and in the retry's `inputResponses`. */
export const APPROVAL_INPUT = "approval";

/**
 * Which run each outstanding `input_required` result belongs to, so that the client's retry (which carries the
 * question's id as its `requestState`) reaches that run, and only from the MCP session that started it.
 */
export class ApprovalRounds {
  private readonly rounds = new Map<string, { session: BridgeSession; run: StartedRun }>();

  constructor(private readonly retentionMs: number) {}

  /** The `input_required` result that puts `question` of `run` to the client. */
  ask(session: BridgeSession, run: StartedRun, question: PendingQuestion): InputRequiredResult {
    this.rounds.set(question.id, { session, run });
    void run.done
      .catch(() => {})
      .finally(() => {
        setTimeout(() => this.rounds.delete(question.id), this.retentionMs).unref?.();
      });
    return inputRequired({
      inputRequests: { [APPROVAL_INPUT]: inputRequired.elicit(question.params) },
      requestState: question.id,
    });
  }

  /**
   * Gives the answer a retried call carries to the question its `requestState` names (a missing or non-accept
   * answer refuses), and returns the question's run. Throws {@link InvalidArgumentError} for a state that names
   * no question of this session.
   */
  resume(session: BridgeSession, requestState: string, inputResponses: unknown): StartedRun {
    const round = this.rounds.get(requestState);
    if (!round || round.session !== session)
      throw new InvalidArgumentError(
        "the requestState of this call names no approval question of this MCP session (unknown or expired)",
      );
    const question = round.run.questions?.find(requestState);
    if (question && !question.settled) {
      const view = inputResponse(inputResponses as Record<string, unknown> | undefined, APPROVAL_INPUT);
      question.answer(
        view.kind === "elicit"
          ? {
              action: view.action,
              ...(view.content ? { content: view.content as ElicitResult["content"] } : {}),
            }
          : { action: "cancel" },
      );
    }
    return round.run;
  }
}
