import type { AppServerConnection, ServerRequestContext } from "@codexkit/core";
import type { ApprovalDecision, ApprovalRequest, RequestHandlers, StartedItem } from "./approvals.js";

/** Where handlers are looked up: a turn's, then its thread's, then the client's. */
export interface HandlerScopes {
  /** The handlers of one turn (`TurnOptions`), if it has any. */
  turn(turnId: string): RequestHandlers | undefined;
  /** Handlers of one thread, by thread id. */
  threads: Map<string, RequestHandlers>;
  /** The client's handlers (`CodexOptions`). */
  client: RequestHandlers;
}

/** The handlers that apply to a server request of `threadId` (and `turnId`), most specific first. */
export function handlersFor(
  scopes: HandlerScopes,
  threadId: string,
  turnId: string | null,
): RequestHandlers[] {
  const specific = [turnId === null ? undefined : scopes.turn(turnId), scopes.threads.get(threadId)];
  return [...specific, scopes.client].filter((h): h is RequestHandlers => h !== undefined);
}

/** What the request handlers need from the session. */
export interface HandlerLookup {
  /** The handlers in scope for a turn: the turn's, then its thread's, then the client's. */
  handlersFor(threadId: string, turnId: string | null): RequestHandlers[];
  /** The command or file-change item `item/started` announced, by its turn and item id. */
  startedItem(turnId: string, itemId: string): StartedItem | undefined;
}

const FILE_DECISIONS: ReadonlySet<unknown> = new Set(["accept", "acceptForSession", "decline", "cancel"]);

/**
 * Routes the app-server's approval, user-input and elicitation requests to the user's handlers (most
 * specific scope first). Where no handler is registered the routing returns `undefined`, so the connection
 * answers with its fail-closed default and reports it as `noHandler`; a throwing handler is reported as
 * `handlerThrew` and answered the same safe way.
 */
export function installRequestHandlers(connection: AppServerConnection, lookup: HandlerLookup): void {
  const approve = async (
    request: ApprovalRequest,
    context: ServerRequestContext,
  ): Promise<ApprovalDecision | undefined> => {
    const handler = lookup
      .handlersFor(request.threadId, request.turnId)
      .find((h) => h.onApproval)?.onApproval;
    return handler ? handler(request, context) : undefined;
  };

  connection.setRequestHandler("item/commandExecution/requestApproval", async (params, context) => {
    const started = lookup.startedItem(params.turnId, params.itemId);
    const decision = await approve(
      {
        kind: "commandExecution",
        threadId: params.threadId,
        turnId: params.turnId,
        itemId: params.itemId,
        params,
        availableDecisions: params.availableDecisions ?? undefined,
        item: started?.type === "commandExecution" ? started : undefined,
      },
      context,
    );
    return decision === undefined ? undefined : { decision };
  });

  connection.setRequestHandler("item/fileChange/requestApproval", async (params, context) => {
    const started = lookup.startedItem(params.turnId, params.itemId);
    const decision = await approve(
      {
        kind: "fileChange",
        threadId: params.threadId,
        turnId: params.turnId,
        itemId: params.itemId,
        params,
        item: started?.type === "fileChange" ? started : undefined,
      },
      context,
    );
    if (decision === undefined) return undefined;
    if (!FILE_DECISIONS.has(decision))
      throw new Error(`invalid file-change decision ${JSON.stringify(decision)}`);
    return { decision: decision as "accept" | "acceptForSession" | "decline" | "cancel" };
  });

  connection.setRequestHandler("item/permissions/requestApproval", async (params, context) => {
    const decision = await approve(
      {
        kind: "permissions",
        threadId: params.threadId,
        turnId: params.turnId,
        itemId: params.itemId,
        params,
      },
      context,
    );
    if (decision === undefined) return undefined;
    if (decision === "accept" || decision === "acceptForSession") {
      const { network, fileSystem } = params.permissions;
      return {
        permissions: { ...(network ? { network } : {}), ...(fileSystem ? { fileSystem } : {}) },
        scope: decision === "acceptForSession" ? "session" : "turn",
      };
    }
    return { permissions: {}, scope: "turn" };
  });

  connection.setRequestHandler("item/tool/requestUserInput", async (params, context) => {
    const handler = lookup
      .handlersFor(params.threadId, params.turnId)
      .find((h) => h.onUserInput)?.onUserInput;
    return handler ? handler(params, context) : undefined;
  });

  connection.setRequestHandler("mcpServer/elicitation/request", async (params, context) => {
    const handler = lookup
      .handlersFor(params.threadId, params.turnId)
      .find((h) => h.onElicitation)?.onElicitation;
    return handler ? handler(params, context) : undefined;
  });
}
