import { ApprovalMode, InvalidRequestError, type ThreadInfo } from "@codexkit/core";
import { codexSays, threadApprovalFields } from "@codexkit/core/internal";
import { pickHandlers, type RequestHandlers } from "../approvals/approvals.js";
import type { CodexOptions } from "../client/codex-options.js";
import { ThreadNotStoredError } from "../client/errors.js";
import { withPresetThreadDefaults } from "../client/presets.js";
import type { Session } from "../session/session.js";
import { bindThreadTools, threadTools } from "../tools/thread-tools.js";
import type { ToolRegistry } from "../tools/tool-registry.js";
import { Thread } from "./thread.js";
import type { ThreadHost } from "./thread-lifecycle.js";
import {
  checkThreadId,
  checkThreadSettings,
  type ThreadForkOptions,
  type ThreadResumeOptions,
  type ThreadRuntimeSettings,
  type ThreadStartOptions,
  threadSettingsOf,
  wireFields,
} from "./thread-options.js";

/** @internal What opening a thread needs from the client that opens it. */
export interface ThreadOpener {
  /** The client's options (defaults, preset, client-wide tools). */
  readonly options: CodexOptions;
  /** Refuses a `cwd` that cannot be right, before anything is sent. */
  checkDirectory(value: string | undefined, name: string, base?: string): void;
  /** The connected session (connecting first if need be). */
  ensureSession(): Promise<Session>;
  /** Tells the client's lifecycle that `thread` was opened on `session`. */
  opened(session: Session, thread: ThreadInfo): void;
  /** The client's lifecycle: the host of the threads it opens. */
  readonly host: ThreadHost;
}

/**
 * @internal Starts a thread (`thread/start`): approval mode `autoReview` unless given, the preset's thread
 * defaults, and the thread's tools sent as `dynamicTools`.
 */
export async function startThread(opener: ThreadOpener, options: ThreadStartOptions): Promise<Thread> {
  checkThreadSettings(options);
  opener.checkDirectory(options.cwd, "cwd", opener.options.cwd);
  const approval = threadApprovalFields(options.approvalMode ?? ApprovalMode.autoReview, options.sandbox);
  const tools = threadTools(opener.options, options.tools);
  const session = await opener.ensureSession();
  const wire = wireFields(withPresetThreadDefaults(opener.options.preset, options));
  const response = await session.request("thread/start", {
    ...wire,
    ...approval,
    ...(tools ? { dynamicTools: tools.toWire() } : {}),
  });
  return attachThread(opener, session, response, options, tools);
}

/**
 * @internal Resumes (`thread/resume`) or forks (`thread/fork`) a stored thread; omitted settings keep the
 * stored ones. A thread codex has no rollout of is refused with `ThreadNotStoredError`.
 */
export async function reopenThread(
  opener: ThreadOpener,
  method: "thread/resume" | "thread/fork",
  threadId: string,
  options: ThreadResumeOptions | ThreadForkOptions,
): Promise<Thread> {
  checkThreadId(threadId);
  checkThreadSettings(options);
  opener.checkDirectory(options.cwd, "cwd", opener.options.cwd);
  const approval = threadApprovalFields(options.approvalMode, options.sandbox);
  const tools = threadTools(opener.options, options.tools);
  const session = await opener.ensureSession();
  const params = { threadId, ...wireFields(options), ...approval };
  const sent =
    method === "thread/resume"
      ? session.request("thread/resume", params)
      : session.request("thread/fork", params);
  const response = await sent.catch(rethrowNotStored(threadId));
  return attachThread(opener, session, response, options, tools);
}

/** @internal Restores an archived thread (`thread/unarchive`); it comes back without settings. */
export async function unarchiveThread(opener: ThreadOpener, threadId: string): Promise<Thread> {
  checkThreadId(threadId);
  const session = await opener.ensureSession();
  const { thread } = await session.request("thread/unarchive", { threadId });
  return new Thread(session, opener.host, thread.id, thread);
}

/** Wraps an opened thread: its settings, tools and handlers, and tells the lifecycle. */
function attachThread(
  opener: ThreadOpener,
  session: Session,
  response: ThreadRuntimeSettings & { thread: ThreadInfo },
  handlers: RequestHandlers,
  tools: ToolRegistry | undefined,
): Thread {
  const thread = new Thread(
    session,
    opener.host,
    response.thread.id,
    response.thread,
    threadSettingsOf(response),
  );
  if (tools) bindThreadTools(session, thread, tools);
  const picked = pickHandlers(handlers);
  if (picked) thread.setHandlers(picked);
  opener.opened(session, response.thread);
  return thread;
}

/** A `.catch` handler for `thread/resume|fork`: turns codex's "no rollout found" refusal into {@link ThreadNotStoredError}. */
export function rethrowNotStored(threadId: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof InvalidRequestError && codexSays(error.rpcMessage, "noRollout"))
      throw new ThreadNotStoredError(threadId, error);
    throw error;
  };
}
