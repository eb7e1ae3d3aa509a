import { InvalidPromptError, type SharedV3ProviderMetadata } from "@ai-sdk/provider";
import type { Notification, ReasoningEffort } from "@codexkit/node";
import { ActiveTurn, type PumpOutcome } from "./active-turn.js";
import { type ResolvedConversation, resolveConversation } from "./conversation-resolver.js";
import { fingerprintAfterAnswer, type PromptReading, readPrompt } from "./prompt-reading.js";
import { type CodexCallOptions, parseCallOptions } from "./provider-options.js";
import type { ProviderRuntime } from "./provider-runtime.js";
import type { CodexModelSettings } from "./provider-settings.js";
import type {
  AnyCallOptions,
  AnyFunctionTool,
  CodexFinishPart,
  CodexStreamPart,
  Warning,
} from "./spec-types.js";
import { answerOf } from "./tool-result-answer.js";
import { toolResultTimeoutOf } from "./tool-result-timeout.js";
import { CodexTurnFailedError } from "./turn-failed-error.js";
import { TurnPartMapper } from "./turn-part-mapper.js";
import { markBefore, UNKNOWN_USAGE, type UsageMark, usageBetween } from "./usage.js";
import { userInputOf } from "./user-input.js";

/** The model a call runs on: its id, its settings and its provider's runtime. */
export interface CallModel {
  /** The Codex model id. */
  readonly modelId: string;
  /** The model's own settings (over the provider's). */
  readonly settings: CodexModelSettings;
  /** The provider's Codex client and conversations. */
  readonly runtime: ProviderRuntime;
}

/** One `doStream` call, whichever specification it came through. */
export interface ModelCall<Reason> {
  /** The call's options. */
  options: AnyCallOptions;
  /** Warnings found so far (reported in `stream-start`). */
  warnings: Warning[];
  /** A reasoning effort the call asks for through the specification (LanguageModelV4's `reasoning`). */
  effort?: ReasoningEffort | undefined;
  /** The finish reason of a turn stretch, in the specification's shape. */
  finishReasonOf: (outcome: PumpOutcome) => Reason;
}

/** What `doStream` returns, with the specification's finish reason. */
export interface ModelCallStream<Reason> {
  /** The turn's parts, ending with `finish` (or an error of the stream when the call was aborted). */
  stream: ReadableStream<CodexStreamPart | CodexFinishPart<Reason>>;
  /** The Codex thread and turn the call ran on. */
  request: { body: { threadId: string; turnId: string } };
}

/**
 * Runs (or continues) a Codex turn for one AI SDK call and streams its parts: the body of `doStream` for both
 * specifications. A failed turn ends with an `error` part; an aborted call errors the stream.
 */
export async function streamModelCall<Reason>(
  model: CallModel,
  call: ModelCall<Reason>,
): Promise<ModelCallStream<Reason>> {
  const { options, warnings } = call;
  // an already-aborted call starts nothing
  options.abortSignal?.throwIfAborted();
  const callOptions = parseCallOptions(options.providerOptions);
  const settings: CodexModelSettings & { threadId?: string } = {
    ...model.runtime.settings,
    ...model.settings,
    ...(call.effort ? { effort: call.effort } : {}),
    ...callOptions,
  };
  const reading = readPrompt(options.prompt);
  const tools = (options.tools ?? []).filter((tool): tool is AnyFunctionTool => tool.type === "function");
  const turn = await turnFor(model, options, settings, callOptions, reading, tools, warnings);
  const offered = new Set(tools.map((tool) => tool.name));
  const threadId = turn.handle.threadId;
  const metadata = (): SharedV3ProviderMetadata => ({ codex: { threadId, turnId: turn.handle.id } });
  const remember = settings.conversation !== "stateless";
  const prompt = options.prompt;
  const runtime = model.runtime;
  let release: ((reason: string) => void) | undefined;
  const stream = new ReadableStream<CodexStreamPart | CodexFinishPart<Reason>>({
    start: (controller) => {
      release = (reason) => turn.release(reason);
      const emit = (part: CodexStreamPart | CodexFinishPart<Reason>) => controller.enqueue(part);
      emit({ type: "stream-start", warnings });
      emit({ type: "response-metadata", id: turn.handle.id, modelId: model.modelId, timestamp: new Date() });
      const mapper = new TurnPartMapper(emit, metadata);
      const usageFrom: UsageMark | undefined = turn.usage?.total;
      let firstMark: UsageMark | undefined = usageFrom;
      const onEvent = (event: Notification) => {
        if (options.includeRawChunks) emit({ type: "raw", rawValue: event });
        if (event.method === "model/rerouted") runtime.store.peek(threadId)?.turnSettings.forgetModel();
        if (event.method === "thread/tokenUsage/updated" && firstMark === undefined) {
          firstMark = markBefore(event.params.tokenUsage);
        }
        mapper.add(event);
      };
      pumpOffered(turn, onEvent, options.abortSignal, offered)
        .then((outcome) => {
          mapper.closeOpenParts();
          const usage = firstMark && turn.usage ? usageBetween(firstMark, turn.usage.total) : UNKNOWN_USAGE;
          if (outcome.kind === "aborted") {
            turn.release("the AI SDK call was aborted");
            controller.error(abortErrorOf(outcome.reason));
            return;
          }
          if (outcome.kind === "tool-calls") {
            for (const toolCall of outcome.calls) {
              runtime.store.awaitingResult(toolCall.callId, turn);
              emit({
                type: "tool-call",
                toolCallId: toolCall.callId,
                toolName: toolCall.toolName,
                input: JSON.stringify(toolCall.input ?? {}),
                providerMetadata: metadata(),
              });
            }
          }
          if (remember) {
            const callIds =
              outcome.kind === "tool-calls" ? outcome.calls.map((toolCall) => toolCall.callId) : [];
            runtime.store.remember(fingerprintAfterAnswer(prompt, mapper.text, callIds), threadId);
          }
          if (outcome.kind === "completed" && outcome.status === "failed") {
            emit({
              type: "error",
              error: new CodexTurnFailedError(threadId, turn.handle.id, outcome.error),
            });
          }
          emit({
            type: "finish",
            usage,
            finishReason: call.finishReasonOf(outcome),
            providerMetadata: metadata(),
          });
          controller.close();
        })
        .catch((error: unknown) => {
          turn.release("the stream failed");
          controller.error(error);
        });
    },
    cancel: () => {
      release?.("the AI SDK stream was cancelled");
    },
  });
  return { stream, request: { body: { threadId, turnId: turn.handle.id } } };
}

/** The turn this call continues (a tool round trip) or starts. */
async function turnFor(
  model: CallModel,
  options: AnyCallOptions,
  settings: CodexModelSettings & { threadId?: string },
  callOptions: CodexCallOptions,
  reading: PromptReading,
  tools: readonly AnyFunctionTool[],
  warnings: Warning[],
): Promise<ActiveTurn> {
  const store = model.runtime.store;
  const waiting = reading.toolResults
    .map((result) => store.turnAwaiting(result.toolCallId))
    .find((turn) => turn !== undefined);
  if (waiting) {
    for (const result of reading.toolResults) waiting.answer(result.toolCallId, answerOf(result.output));
    for (const callId of waiting.unansweredCallIds) {
      waiting.answer(callId, {
        ok: false,
        message: "the AI SDK call returned no result for this tool call",
      });
    }
    const steer = userInputOf(reading.newUserMessages, warnings);
    if (steer.length > 0) await waiting.handle.steer(steer);
    return waiting;
  }
  const resolved = await resolveConversation(
    model.runtime,
    model.modelId,
    settings,
    reading,
    tools,
    warnings,
  );
  const input = [...resolved.input, ...orphanResults(reading, warnings)];
  if (input.length === 0) {
    throw new InvalidPromptError({
      prompt: options.prompt,
      message: "the prompt has nothing new for Codex: it must end with a user message or tool results",
    });
  }
  return startTurn(model, resolved, input, options, settings, callOptions);
}

async function startTurn(
  model: CallModel,
  { conversation }: ResolvedConversation,
  input: ResolvedConversation["input"],
  options: AnyCallOptions,
  settings: CodexModelSettings,
  callOptions: CodexCallOptions,
): Promise<ActiveTurn> {
  // a turn still waiting for tool results this prompt does not bring: the caller moved on
  conversation.active?.release("the conversation continued without the tool results");
  const schema = options.responseFormat?.type === "json" ? options.responseFormat.schema : undefined;
  // only what the thread does not run with already: any override costs codex a turn-context rebuild
  const overrides = conversation.turnSettings.overridesFor({
    model: model.modelId,
    ...(settings.effort ? { effort: settings.effort } : {}),
    ...(settings.summary ? { summary: settings.summary } : {}),
  });
  const handle = await conversation.thread.turn(input, {
    ...overrides,
    // the thread was started with the provider's and model's approval mode; only a call's own one changes it
    ...(callOptions.approvalMode ? { approvalMode: callOptions.approvalMode } : {}),
    ...(schema ? { outputSchema: schema as Record<string, unknown> } : {}),
  });
  conversation.turnSettings.applied(overrides);
  const store = model.runtime.store;
  const turn = new ActiveTurn(handle, toolResultTimeoutOf(settings), (done) => store.forgetTurn(done));
  conversation.active = turn;
  return turn;
}

/**
 * Pumps the turn until it completes or calls tools this call offers. A call of a tool the thread has (tools
 * are fixed at thread/start) but this call does not offer fails at once, and the turn goes on.
 */
async function pumpOffered(
  turn: ActiveTurn,
  onEvent: (event: Notification) => void,
  signal: AbortSignal | undefined,
  offered: ReadonlySet<string>,
): Promise<PumpOutcome> {
  for (;;) {
    const outcome = await turn.pump(onEvent, signal);
    if (outcome.kind !== "tool-calls") return outcome;
    const calls = outcome.calls.filter((call) => offered.has(call.toolName));
    for (const call of outcome.calls) {
      if (!offered.has(call.toolName)) {
        turn.answer(call.callId, { ok: false, message: `${call.toolName} is not offered in this call` });
      }
    }
    if (calls.length > 0) return { kind: "tool-calls", calls };
  }
}

/** Tool results for a turn that is gone (timed out, or another process): told to the thread as text. */
function orphanResults(reading: PromptReading, warnings: Warning[]): { type: "text"; text: string }[] {
  if (reading.toolResults.length === 0) return [];
  warnings.push({
    type: "other",
    message:
      "the Codex turn that called these tools is no longer running (it timed out or ran elsewhere); their results were sent to the thread as text",
  });
  const lines = reading.toolResults.map(
    (result) => `Result of ${result.toolName} (${result.toolCallId}): ${JSON.stringify(result.output)}`,
  );
  return [{ type: "text", text: lines.join("\n") }];
}

function abortErrorOf(reason: unknown): unknown {
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === "string" ? reason : "This operation was aborted");
  error.name = "AbortError";
  return error;
}
