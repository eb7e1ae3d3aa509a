/**
 * `@codexkit/testing`: offline testing against the real `codex app-server`. {@link ScriptedModel} plays
 * the OpenAI Responses API from a script on 127.0.0.1, {@link createCodexHome} writes an isolated
 * `CODEX_HOME` pointing at it, and {@link createTestCodex} wires both to a started `Codex` client.
 * Hermetic by default: codex's commands start no login shell and read none of the caller's shell files.
 * {@link scaledTimeout} scales every test timeout by `CODEXKIT_TEST_TIME_SCALE`.
 *
 * @module \@codexkit/testing
 */

export {
  type AppServerListener,
  type AppServerListenerOptions,
  startAppServerListener,
} from "./app-server-listener.js";
export {
  type ApprovalPolicy,
  buildConfigToml,
  type CodexHome,
  type CodexHomeOptions,
  createCodexHome,
  type SandboxMode,
} from "./codex-home.js";
export { createTestCodex, type TestCodex, type TestCodexOptions } from "./harness.js";
export type {
  DynamicReply,
  HeldReply,
  HttpErrorReply,
  ModelReply,
  ReplyTiming,
  StreamEnd,
  StreamReply,
} from "./model-reply.js";
export {
  type OtlpReceiver,
  otelConfig,
  type ReceivedSpan,
  type SpanWaitOptions,
  startOtlpReceiver,
} from "./otlp-receiver.js";
export {
  type CustomToolCallOutputItem,
  type ExecCommandItemOptions,
  type FunctionCallItemOptions,
  type FunctionCallOutputItem,
  Item,
  type MessageItemOptions,
  type MessageOutputItem,
  type MessagePhase,
  type OutputItemSpec,
  type ReasoningItemOptions,
  type ReasoningOutputItem,
  type ResponseOutputItem,
  randomId,
  type StreamOption,
  splitIntoDeltas,
} from "./output-items.js";
export {
  type InputContentPart,
  type InputItem,
  inputImages,
  inputMessages,
  inputTexts,
  type OutputFormat,
  outputFormat,
  type RecordedRequest,
  type ResponsesRequestBody,
  type ToolCallOutput,
  type ToolDefinition,
  toolCallOutputs,
  toolNames,
} from "./recorded-request.js";
export {
  type AbnormalReplyOptions,
  type HttpErrorOptions,
  Reply,
  type ReplyOptions,
  type ToolCallSpec,
} from "./replies.js";
export type { WaitOptions } from "./request-waiters.js";
export {
  DEFAULT_REVIEWER_VERDICT,
  isReviewerRequest,
  type ReviewerAnswer,
  type ReviewerPolicy,
  type ReviewerVerdict,
  reviewerReply,
} from "./reviewer.js";
export { ScriptedModel, type ScriptedModelOptions } from "./scripted-model.js";
export * from "./sse.js";
export { buildStreamEvents } from "./stream-events.js";
export { scaledTimeout, testTimeScale } from "./time-scale.js";
export {
  isTomlTable,
  mergeTomlTables,
  type TomlTable,
  type TomlValue,
  tomlInline,
  tomlKey,
  tomlString,
  toToml,
} from "./toml.js";
