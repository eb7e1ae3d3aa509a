import {
  type AppServerConnection,
  type DynamicToolCallParams,
  type DynamicToolCallResponse,
  type ServerRequestContext,
  TimeoutError,
} from "@codexkit/core";
import { isPromiseLike, raceSignal } from "../internal/async.js";
import type { Tool, ToolArgsCheck, ToolContext } from "./tool.js";
import type { ToolRegistry } from "./tool-registry.js";
import { failureResponse, toolResponse } from "./tool-results.js";

/** Default of `toolTimeoutMs`: how long a tool may run when neither it nor the client sets a timeout. */
export const DEFAULT_TOOL_TIMEOUT_MS = 600_000;

/** The longest delay `setTimeout` honours (a longer one fires after 1 ms); longer tool timeouts wait this long. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Marks "the call's signal aborted first" in the race against `execute`. */
const ABORTED = Symbol("aborted");

/**
 * Answers `item/tool/call`: finds the thread's tool, validates the arguments, runs `execute` under a
 * timeout and abort signal, and converts the result. A call for a tool the thread has no implementation of
 * is left to the connection's fail-closed default (a failure, reported as `noHandler`). Upstream never
 * withdraws a tool call (no `serverRequest/resolved`), so a running call is kept in its turn's record, whose
 * cleanup aborts it when the turn completes (interrupt, abort); the connection aborts it when it closes. A
 * thread's binding is dropped when the server unloads the thread (`thread/closed`): nothing can call its
 * tools until it is resumed, which binds them again.
 */
export class ToolCallHandler {
  private readonly bindings = new Map<string, ToolRegistry>();

  constructor(
    private readonly options: {
      /** Removes secrets from texts sent to the model. */
      redact: (text: string) => string;
      /** The client-wide timeout. */
      toolTimeoutMs: number | undefined;
      /**
       * Keeps a call that is still running in its turn's record (which aborts `controller` if the turn
       * completes first); returns what to call once the call has answered.
       */
      running: (turnId: string, requestId: string | number, controller: AbortController) => () => void;
      /** Runs a call's `execute` inside its `execute_tool` span (telemetry). */
      inToolSpan?: <T>(turnId: string, callId: string, run: () => T) => T;
    },
  ) {}

  /** Registers the request handler and the thread-unload listener on `connection`. */
  install(connection: AppServerConnection): void {
    connection.setRequestHandler("item/tool/call", (params, context) => this.answer(params, context));
    connection.onNotification((n) => {
      if (n.method === "thread/closed") this.unbind(n.params.threadId);
    });
  }

  /** Binds a thread's tools (start, resume, fork); later calls on the thread run them. */
  bind(threadId: string, registry: ToolRegistry): void {
    this.bindings.set(threadId, registry);
  }

  /** Whether tools are bound to a thread (this client then holds handlers for it). */
  has(threadId: string): boolean {
    return this.bindings.has(threadId);
  }

  /** The tools bound to a thread, if any (to bind them again where the thread moves). */
  boundTo(threadId: string): ToolRegistry | undefined {
    return this.bindings.get(threadId);
  }

  /** Forgets a thread's tools (done when the server unloads it); later calls on it fail closed. */
  unbind(threadId: string): void {
    this.bindings.delete(threadId);
  }

  /** Sizes for leak checks: threads with tools bound (running calls are counted with their turns). */
  stats(): Record<string, number> {
    return { toolBindings: this.bindings.size };
  }

  private answer(
    params: DynamicToolCallParams,
    context: ServerRequestContext,
  ): DynamicToolCallResponse | Promise<DynamicToolCallResponse> | undefined {
    const found = this.bindings.get(params.threadId)?.lookup(params.namespace, params.tool);
    if (!found) return undefined;
    const run = () => this.run(found, params, context);
    return this.options.inToolSpan ? this.options.inToolSpan(params.turnId, params.callId, run) : run();
  }

  /**
   * Runs a call synchronously as far as the tool allows: a JSON Schema check and a synchronous `execute` are
   * answered at once, without a timer or abort wiring (the call's `signal` is only made if `execute` reads
   * it). Only a check or an `execute` that returns a promise gets the timeout and the abort race.
   */
  private run(
    tool: Tool,
    params: DynamicToolCallParams,
    context: ServerRequestContext,
  ): DynamicToolCallResponse | Promise<DynamicToolCallResponse> {
    const label = params.namespace === null ? params.tool : `${params.namespace}.${params.tool}`;
    const controller = new AbortController();
    const toolContext: ToolContext = {
      // Node makes an AbortSignal lazily, on first access: a tool that never reads it never pays for it.
      get signal() {
        return controller.signal;
      },
      threadId: params.threadId,
      turnId: params.turnId,
      callId: params.callId,
      namespace: params.namespace,
    };
    const executeChecked = (check: ToolArgsCheck): unknown => {
      if (!check.ok) {
        return new CallFailure(
          `invalid arguments for ${label}: ${check.problems.join("; ")}. Fix the arguments and call the tool again.`,
        );
      }
      return tool.execute(check.value, toolContext);
    };
    // An async check may outlive the call: then execute only what is still wanted.
    const executeIfWanted = (check: ToolArgsCheck): unknown =>
      controller.signal.aborted
        ? new CallFailure(abortText(label, controller.signal.reason))
        : executeChecked(check);
    let outcome: unknown;
    try {
      const check = tool.checkArgs(params.arguments);
      outcome = isPromiseLike(check) ? Promise.resolve(check).then(executeIfWanted) : executeChecked(check);
    } catch (error) {
      return this.thrown(label, error);
    }
    return isPromiseLike(outcome)
      ? this.settle(
          Promise.resolve(outcome),
          { label, controller, timeoutMs: tool.timeoutMs },
          params,
          context,
        )
      : respond(outcome, label);
  }

  /** Waits for a pending call under its timeout and abort signal; a late result is dropped. */
  private async settle(
    work: Promise<unknown>,
    call: { label: string; controller: AbortController; timeoutMs: number | undefined },
    params: DynamicToolCallParams,
    context: ServerRequestContext,
  ): Promise<DynamicToolCallResponse> {
    const { label, controller } = call;
    const { signal } = controller;
    const answered = this.options.running(params.turnId, context.requestId, controller);
    const onClose = () => controller.abort(context.signal.reason);
    if (context.signal.aborted) onClose();
    else context.signal.addEventListener("abort", onClose, { once: true });
    const timeoutMs = call.timeoutMs ?? this.options.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
    const timer = setTimeout(
      () => controller.abort(new TimeoutError(`${label} timed out after ${timeoutMs} ms`)),
      Math.min(timeoutMs, MAX_TIMER_MS),
    );
    try {
      const outcome = await raceAbort(work, signal);
      return outcome === ABORTED ? failureResponse(abortText(label, signal.reason)) : respond(outcome, label);
    } catch (error) {
      return this.thrown(label, error);
    } finally {
      clearTimeout(timer);
      context.signal.removeEventListener("abort", onClose);
      answered();
    }
  }

  private thrown(label: string, error: unknown): DynamicToolCallResponse {
    return failureResponse(`${label} threw an error: ${this.options.redact(messageOf(error))}`);
  }
}

/** A failure decided before or instead of `execute` (bad arguments, a call cancelled during its check). */
class CallFailure {
  constructor(readonly text: string) {}
}

function respond(outcome: unknown, label: string): DynamicToolCallResponse {
  return outcome instanceof CallFailure ? failureResponse(outcome.text) : toolResponse(outcome, label);
}

/** Resolves with the work's value, or {@link ABORTED} as soon as `signal` aborts (a late result is dropped). */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.resolve(ABORTED);
  }
  return raceSignal(work, signal, ({ resolve }) => {
    work.catch(() => {});
    resolve(ABORTED);
  });
}

function abortText(label: string, reason: unknown): string {
  if (reason instanceof TimeoutError) return `${reason.message}.`;
  return `${label} was cancelled before it answered (${messageOf(reason)}).`;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
