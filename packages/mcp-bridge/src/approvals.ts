import type { ApprovalDecision, ApprovalHandler, ApprovalRequest } from "@codexkit/node";
import type { ElicitRequestFormParams, ElicitResult } from "@modelcontextprotocol/server";
import { displayCommand } from "./turn-summary.js";

/** The simple decisions a person can pick; codex's amendment objects are never offered. */
export type SimpleDecision = "accept" | "acceptForSession" | "decline" | "cancel";
const SIMPLE: readonly SimpleDecision[] = ["accept", "acceptForSession", "decline", "cancel"];

/** How an approval request was decided. */
export interface ApprovalRecord {
  /** What kind of request it was. */
  kind: ApprovalRequest["kind"];
  /** What was asked (the command, the files, the permissions). */
  subject: string;
  /** The answer codex got. */
  decision: SimpleDecision;
  /** `client`: the MCP client answered; `policy`: it cannot be asked; `timeout` / `error`: asking failed. */
  decidedBy: "client" | "policy" | "timeout" | "error";
}

/** Sends one form elicitation to the MCP client. */
export type Elicit = (
  params: ElicitRequestFormParams,
  options: { signal: AbortSignal; timeoutMs: number },
) => Promise<ElicitResult>;

/** The handler for one run, and the record of what it decided. */
export interface ApprovalForwarder {
  /** The `onApproval` handler to pass to the turn. */
  handler: ApprovalHandler;
  /** Every decision so far, in order. */
  records: ApprovalRecord[];
}

/** Options of {@link createApprovalForwarder}. */
export interface ApprovalForwarderOptions {
  /** Sends an elicitation; `undefined` when the client did not declare form elicitation (the policy decides). */
  elicit: Elicit | undefined;
  /** How long the client may take to answer, in ms. */
  timeoutMs: number;
  /** Aborts a pending question (the tool call was cancelled or the bridge is shutting down). */
  signal: AbortSignal;
  /** Called before the client is asked (to tell it, through progress, what the turn waits for). */
  onAsk?: (subject: string) => void;
  /** Called after every decision. */
  onDecision?: (record: ApprovalRecord) => void;
}

/**
 * Builds the `onApproval` handler of one run: forwards each request to the MCP client as a spec-conformant
 * form elicitation (one `decision` enum property) when the client supports it, and otherwise refuses
 * (`decline`, or `cancel` where codex does not offer `decline`). A question that times out, fails or is
 * answered with anything but `accept` + an offered decision is refused too: a turn never waits forever.
 */
export function createApprovalForwarder(options: ApprovalForwarderOptions): ApprovalForwarder {
  const records: ApprovalRecord[] = [];
  const handler: ApprovalHandler = async (request): Promise<ApprovalDecision> => {
    const offered = offeredDecisions(request);
    const refusal: SimpleDecision = offered.includes("decline") ? "decline" : "cancel";
    const subject = subjectOf(request);
    const decide = (decision: SimpleDecision, decidedBy: ApprovalRecord["decidedBy"]): SimpleDecision => {
      const record = { kind: request.kind, subject, decision, decidedBy };
      records.push(record);
      options.onDecision?.(record);
      return decision;
    };
    if (!options.elicit || options.signal.aborted) return decide(refusal, "policy");
    options.onAsk?.(subject);
    try {
      const result = await options.elicit(elicitationFor(request, subject, offered, refusal), {
        signal: options.signal,
        timeoutMs: options.timeoutMs,
      });
      const choice = result.action === "accept" ? result.content?.decision : undefined;
      if (typeof choice === "string" && (offered as readonly string[]).includes(choice))
        return decide(choice as SimpleDecision, "client");
      return decide(refusal, "client");
    } catch (error) {
      const timedOut = error instanceof Error && /timed? ?out/i.test(error.message);
      return decide(refusal, timedOut ? "timeout" : "error");
    }
  };
  return { handler, records };
}

/** The simple decisions codex offers for this request, in codex's order. */
export function offeredDecisions(request: ApprovalRequest): SimpleDecision[] {
  if (request.kind === "permissions") return ["accept", "acceptForSession", "decline"];
  if (request.kind === "fileChange") return [...SIMPLE];
  const available = request.availableDecisions;
  if (!available) return [...SIMPLE];
  const simple = available.filter(
    (d): d is SimpleDecision => typeof d === "string" && (SIMPLE as readonly string[]).includes(d),
  );
  return simple.length > 0 ? simple : ["cancel"];
}

/** A one-line description of what the request asks for. */
export function subjectOf(request: ApprovalRequest): string {
  switch (request.kind) {
    case "commandExecution": {
      const command = request.params.command ?? request.item?.command;
      return command ? `run \`${displayCommand(command)}\`` : "run a command";
    }
    case "fileChange": {
      const paths = request.item?.changes.map((change) => `${change.path} (${change.kind.type})`) ?? [];
      return paths.length > 0 ? `change ${paths.join(", ")}` : "change files";
    }
    case "permissions": {
      const wanted = [
        request.params.permissions.network ? "network access" : "",
        request.params.permissions.fileSystem ? "file-system access" : "",
      ];
      return `grant ${wanted.filter(Boolean).join(" and ") || "additional permissions"}`;
    }
  }
}

const DECISION_HELP: Record<SimpleDecision, string> = {
  accept: "accept = allow this once",
  acceptForSession: "acceptForSession = allow this and the same again in this session",
  decline: "decline = refuse; Codex continues without it",
  cancel: "cancel = refuse and stop the task",
};

function elicitationFor(
  request: ApprovalRequest,
  subject: string,
  offered: SimpleDecision[],
  refusal: SimpleDecision,
): ElicitRequestFormParams {
  const lines = [`Codex asks for approval to ${subject}.`];
  if (request.kind === "commandExecution" && request.params.cwd)
    lines.push(`Working directory: ${request.params.cwd}`);
  if (request.kind === "permissions") lines.push(`Working directory: ${request.params.cwd}`);
  const reason = request.params.reason;
  if (reason) lines.push(`Reason: ${reason}`);
  if (request.kind === "fileChange" && request.item) {
    const diff = request.item.changes.map((change) => `--- ${change.path}\n${change.diff}`).join("\n");
    if (diff.trim()) lines.push(`Diff:\n${diff.length > 4000 ? `${diff.slice(0, 3999)}…` : diff}`);
  }
  return {
    mode: "form",
    message: lines.join("\n"),
    requestedSchema: {
      type: "object",
      properties: {
        decision: {
          type: "string",
          title: "Decision",
          description: offered.map((d) => DECISION_HELP[d]).join("; "),
          enum: offered,
          default: refusal,
        },
      },
      required: ["decision"],
    },
  };
}
