import type {
  CommandExecutionApprovalDecision,
  CommandExecutionRequestApprovalParams,
  FileChangeRequestApprovalParams,
  McpServerElicitationRequestParams,
  McpServerElicitationRequestResponse,
  PermissionsRequestApprovalParams,
  ServerRequestContext,
  ThreadItem,
  ToolRequestUserInputParams,
  ToolRequestUserInputResponse,
} from "@codexkit/core";

/** The `fileChange` thread item (with its `changes`), kept from `item/started` for file-change approvals. */
export type FileChangeItem = Extract<
  ThreadItem,
  {
    /** Discriminant. */
    type: "fileChange";
  }
>;
/** The `commandExecution` thread item. */
export type CommandExecutionItem = Extract<
  ThreadItem,
  {
    /** Discriminant. */
    type: "commandExecution";
  }
>;

/** A request for approval, as handed to an {@link ApprovalHandler}. */
export type ApprovalRequest =
  | {
      /** A command wants to run outside the sandbox. */
      kind: "commandExecution";
      /** The thread the request belongs to. */
      threadId: string;
      /** The turn the request belongs to. */
      turnId: string;
      /** The item (command, file change, …) the request is about. */
      itemId: string;
      /** The request as the server sent it (command, cwd, reason, …). */
      params: CommandExecutionRequestApprovalParams;
      /** The decisions the server offers; answer one of them. */
      availableDecisions: CommandExecutionApprovalDecision[] | undefined;
      /** The command's item from `item/started`, when it was seen. */
      item: CommandExecutionItem | undefined;
    }
  | {
      /** A file change (patch) wants to be applied. */
      kind: "fileChange";
      /** The thread the request belongs to. */
      threadId: string;
      /** The turn the request belongs to. */
      turnId: string;
      /** The item (command, file change, …) the request is about. */
      itemId: string;
      /** The request as the server sent it (reason, grant root). */
      params: FileChangeRequestApprovalParams;
      /** The change (paths, kinds and diffs) from `item/started`: the request itself carries no diff. */
      item: FileChangeItem | undefined;
    }
  | {
      /** The agent asks for more permissions (file system, network). */
      kind: "permissions";
      /** The thread the request belongs to. */
      threadId: string;
      /** The turn the request belongs to. */
      turnId: string;
      /** The item (command, file change, …) the request is about. */
      itemId: string;
      /** The request as the server sent it (the permissions asked for). */
      params: PermissionsRequestApprovalParams;
    };

/**
 * What an approval handler answers. `accept` / `acceptForSession` allow; `decline` refuses and lets the
 * turn go on; `cancel` refuses and interrupts the turn. Commands also accept upstream's amendment objects.
 */
export type ApprovalDecision = CommandExecutionApprovalDecision;

/**
 * Context handed to approval, user-input and elicitation handlers: the request id, and a `signal` that
 * aborts when the answer is no longer wanted (the server withdrew the request — e.g. the turn was
 * interrupted — or the client closed). A handler waiting on a person should stop waiting then.
 */
export type HandlerContext = ServerRequestContext;

/**
 * Decides an approval request. Runs only in a mode that routes approvals to the client
 * (`ApprovalMode.ask` / `askUnlessTrusted`). Throwing answers with the safe default (decline).
 */
export type ApprovalHandler = (
  request: ApprovalRequest,
  context: HandlerContext,
) => ApprovalDecision | Promise<ApprovalDecision>;

/** Answers `request_user_input` questions. */
export type UserInputHandler = (
  params: ToolRequestUserInputParams,
  context: HandlerContext,
) => ToolRequestUserInputResponse | Promise<ToolRequestUserInputResponse>;

/**
 * Accepts every approval request — upstream's behaviour when a request reaches the client. One line to opt
 * in: `new Codex({ onApproval: acceptAll })`. Without a handler codexkit declines (fails closed).
 */
export const acceptAll: ApprovalHandler = () => "accept";

/** Declines every approval request (the default when no handler is registered, made explicit). */
export const declineAll: ApprovalHandler = () => "decline";

/**
 * Answers an MCP server's elicitation (codex as an MCP host asking the user, e.g. to approve an MCP tool
 * call). Without a handler the elicitation is declined.
 */
export type ElicitationHandler = (
  params: McpServerElicitationRequestParams,
  context: HandlerContext,
) => McpServerElicitationRequestResponse | Promise<McpServerElicitationRequestResponse>;

/** Handlers that can be set per client, per thread and per turn; the most specific one answers. */
export interface RequestHandlers {
  /** Approves or refuses commands, file changes and permission requests. */
  onApproval?: ApprovalHandler;
  /** Answers the agent's questions to the user. */
  onUserInput?: UserInputHandler;
  /** Answers MCP elicitations (e.g. approving an MCP tool call). */
  onElicitation?: ElicitationHandler;
}

/** The names of the {@link RequestHandlers}, for copying them between scopes. */
export const HANDLER_NAMES = [
  "onApproval",
  "onUserInput",
  "onElicitation",
] as const satisfies readonly (keyof RequestHandlers)[];

/** Picks the handlers that are set out of an options object. */
export function pickHandlers(options: RequestHandlers): RequestHandlers | undefined {
  const picked: RequestHandlers = {};
  for (const name of HANDLER_NAMES) if (options[name]) Object.assign(picked, { [name]: options[name] });
  return Object.keys(picked).length > 0 ? picked : undefined;
}

/** A command or file-change item as announced by `item/started`. */
export type StartedItem = FileChangeItem | CommandExecutionItem;
