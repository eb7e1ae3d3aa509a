/**
 * The app-server types users meet most often, re-exported by name from the generated protocol.
 * Everything else is under the `protocol` namespace export (`protocol.v2.*` for the v2 API).
 *
 * @module
 */

export type { CollaborationMode } from "../generated/CollaborationMode.js";
export type { InitializeCapabilities } from "../generated/InitializeCapabilities.js";
export type { InitializeResponse } from "../generated/InitializeResponse.js";
export type { Personality } from "../generated/Personality.js";
export type { ReasoningEffort } from "../generated/ReasoningEffort.js";
export type { ReasoningSummary } from "../generated/ReasoningSummary.js";
export type { RequestId } from "../generated/RequestId.js";
export type { ServerNotification } from "../generated/ServerNotification.js";
export type { ServerRequest } from "../generated/ServerRequest.js";
export type { JsonValue } from "../generated/serde_json/JsonValue.js";
export type {
  Account,
  AccountLoginCompletedNotification,
  AccountUpdatedNotification,
  AgentMessageDeltaNotification,
  ApprovalsReviewer,
  AskForApproval,
  CancelLoginAccountResponse,
  CancelLoginAccountStatus,
  CommandExecutionApprovalDecision,
  CommandExecutionRequestApprovalParams,
  CommandExecutionRequestApprovalResponse,
  DynamicToolCallParams,
  DynamicToolCallResponse,
  ErrorNotification,
  FileChangeApprovalDecision,
  FileChangeRequestApprovalParams,
  FileChangeRequestApprovalResponse,
  GetAccountResponse,
  ItemCompletedNotification,
  ItemStartedNotification,
  LoginAccountResponse,
  McpServerElicitationRequestParams,
  McpServerElicitationRequestResponse,
  Model,
  ModelListResponse,
  PermissionsRequestApprovalParams,
  PermissionsRequestApprovalResponse,
  ReviewTarget,
  SandboxMode,
  SandboxPolicy,
  Thread as ThreadInfo,
  ThreadArchiveResponse,
  ThreadCompactStartResponse,
  ThreadForkResponse,
  ThreadGoal,
  ThreadGoalStatus,
  ThreadItem,
  ThreadListResponse,
  ThreadReadResponse,
  ThreadResumeResponse,
  ThreadSetNameResponse,
  ThreadStartResponse,
  ThreadTokenUsage,
  ThreadUnarchiveResponse,
  TokenUsageBreakdown,
  ToolRequestUserInputParams,
  ToolRequestUserInputResponse,
  Turn,
  TurnCompletedNotification,
  TurnError,
  TurnInterruptResponse,
  TurnStartedNotification,
  TurnStatus,
  TurnSteerResponse,
  UserInput,
} from "../generated/v2/index.js";
