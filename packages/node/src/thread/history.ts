import {
  type ApprovalMode,
  type ClientParams,
  type CollaborationMode,
  InvalidInputError,
  type JsonValue,
  type protocol,
  type ReasoningEffort,
  type ReasoningSummary,
  type SandboxSetting,
} from "@codexkit/core";
import { turnApprovalFields } from "@codexkit/core/internal";
import { type Page, Paginated } from "../internal/pagination.js";
import {
  checkAbsolutePath,
  checkInteger,
  checkJsonObject,
  checkNonEmptyString,
  checkOneOf,
  checkOptionsObject,
  checkSignal,
  checkStringArray,
  checkStrings,
  describeValue,
  isPlainObject,
} from "../internal/validation.js";
import type { Session } from "../session/session.js";
import { REASONING_SUMMARIES } from "../turn/turn-options.js";

/**
 * History control of a {@link Thread} (`thread.revert`, `thread.turns`, `thread.items`, `thread.delete`,
 * `thread.updateSettings`, …) as functions of the thread's session and queue, so that `Thread` only
 * delegates.
 *
 * @module
 */

/** @internal What the history functions need of a `Thread`. */
export interface ThreadAccess {
  /** The thread id. */
  readonly id: string;
  /** The live session, with the thread loaded there (as for `thread.read()`). */
  live(): Promise<Session>;
  /** Runs `start` once the thread's previous operation (turn, goal, compaction) is over; see `Thread`. */
  exclusive<T>(start: (release: () => void) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** What {@link Thread.revert} answers: the thread (its `turns` left empty) and cursors to page back. */
export type ThreadRevertResult = protocol.v2.ThreadRevertResponse;
/** A turn of a thread's stored history. */
export type ThreadTurn = protocol.v2.Turn;
/** An item of a thread's stored history, with the turn it belongs to. */
export type ThreadItemEntry = protocol.v2.ThreadItemEntry;
/** Where {@link Thread.searchOccurrences} found the term: turn, item and a snippet with the match range. */
export type ThreadSearchOccurrence = protocol.v2.ThreadSearchOccurrence;

/** Options of {@link Thread.turns}. */
export interface ThreadTurnsOptions {
  /** `"desc"` (default, as codex): newest turn first; `"asc"`: oldest first. */
  sortDirection?: "asc" | "desc";
  /** Turns per request. Default: codex's page size. */
  pageSize?: number;
  /** How much of each turn's items to include: `"notLoaded"`, `"summary"` (default, as codex) or `"full"`. */
  itemsView?: "notLoaded" | "summary" | "full";
  /** Aborting stops fetching pages (the loop throws `AbortError`). */
  signal?: AbortSignal;
}

/** Options of {@link Thread.items}. */
export interface ThreadItemsOptions {
  /** Only the items of this turn. */
  turnId?: string;
  /** `"asc"` (default, as codex): oldest item first; `"desc"`: newest first. */
  sortDirection?: "asc" | "desc";
  /** Items per request. Default: codex's page size. */
  pageSize?: number;
  /** Aborting stops fetching pages (the loop throws `AbortError`). */
  signal?: AbortSignal;
}

/**
 * Settings for the thread's later turns (`thread/settings/update`). Only what is given changes; a running
 * turn keeps its settings.
 */
export interface ThreadSettingsUpdate {
  /** Working directory of later turns (absolute on the server's host). */
  cwd?: string;
  /** Approval mode of later turns. */
  approvalMode?: ApprovalMode;
  /** Sandbox of later turns: a `Sandbox` value or a full wire `SandboxPolicy`. */
  sandbox?: SandboxSetting | protocol.v2.SandboxPolicy;
  /** A named permissions profile of the server's configuration, instead of `sandbox`. */
  permissions?: string;
  /** Model of later turns. */
  model?: string;
  /** Service tier of later turns; `null` clears it. */
  serviceTier?: string | null;
  /** Reasoning effort of later turns. */
  effort?: ReasoningEffort;
  /** Reasoning summary of later turns. */
  summary?: ReasoningSummary;
  /** Collaboration mode of later turns (experimental in codex). */
  collaborationMode?: CollaborationMode;
  /** Plugins disabled for this thread (replaces the list; `[]` enables all). */
  disabledPluginIds?: string[];
}

const SETTINGS_KEYS = [
  "cwd",
  "approvalMode",
  "sandbox",
  "permissions",
  "model",
  "serviceTier",
  "effort",
  "summary",
  "collaborationMode",
  "disabledPluginIds",
];

/** Changes to a thread's stored metadata (`thread/metadata/update`); omitted fields stay. */
export interface ThreadMetadataUpdate {
  /** The stored Git facts of the thread; per field, `null` clears it and a string replaces it. */
  gitInfo?: {
    /** The commit hash. */
    sha?: string | null;
    /** The branch name. */
    branch?: string | null;
    /** The URL of the `origin` remote. */
    originUrl?: string | null;
  };
  /** Assigns the thread to a project id; `""` clears it. */
  projectId?: string;
}

/** A raw Responses API item, as `thread.injectItems` appends it to the history the model sees. */
export type ResponseItem = {
  /** The item's kind, e.g. `"message"` or `"function_call_output"`. */
  type: string;
  [key: string]: unknown;
};

function checkTurnId(turnId: unknown, name = "turnId"): asserts turnId is string {
  checkNonEmptyString(turnId, name);
}

function checkDirection(value: unknown): void {
  checkOneOf(value, "sortDirection", ["asc", "desc"]);
}

/** `thread/revert`: queued behind the thread's running operation, like a turn. */
export async function revertThread(thread: ThreadAccess, turnId: string): Promise<ThreadRevertResult> {
  checkTurnId(turnId);
  return thread.exclusive(async (release) => {
    try {
      return await (await thread.live()).request("thread/revert", {
        threadId: thread.id,
        beforeTurnId: turnId,
      });
    } finally {
      release();
    }
  });
}

/** `thread/turns/list`, page by page. */
export function listTurns(thread: ThreadAccess, options: ThreadTurnsOptions = {}): Paginated<ThreadTurn> {
  checkOptionsObject(options, "turns options");
  checkDirection(options.sortDirection);
  checkInteger(options.pageSize, "pageSize", 1);
  checkOneOf(options.itemsView, "itemsView", ["notLoaded", "summary", "full"]);
  checkSignal(options.signal);
  return new Paginated(async (cursor) => {
    const params: ClientParams<"thread/turns/list"> = { threadId: thread.id, cursor };
    if (options.sortDirection) params.sortDirection = options.sortDirection;
    if (options.pageSize !== undefined) params.limit = options.pageSize;
    if (options.itemsView) params.itemsView = options.itemsView;
    return pageOf(await (await thread.live()).request("thread/turns/list", params, signalOf(options)));
  }, options.signal);
}

/** `thread/items/list`, page by page. */
export function listItems(
  thread: ThreadAccess,
  options: ThreadItemsOptions = {},
): Paginated<ThreadItemEntry> {
  checkOptionsObject(options, "items options");
  if (options.turnId !== undefined) checkTurnId(options.turnId);
  checkDirection(options.sortDirection);
  checkInteger(options.pageSize, "pageSize", 1);
  checkSignal(options.signal);
  return new Paginated(async (cursor) => {
    const params: ClientParams<"thread/items/list"> = { threadId: thread.id, cursor };
    if (options.turnId) params.turnId = options.turnId;
    if (options.sortDirection) params.sortDirection = options.sortDirection;
    if (options.pageSize !== undefined) params.limit = options.pageSize;
    return pageOf(await (await thread.live()).request("thread/items/list", params, signalOf(options)));
  }, options.signal);
}

/** `thread/searchOccurrences`, page by page. */
export function searchOccurrences(
  thread: ThreadAccess,
  searchTerm: string,
  options: { pageSize?: number; signal?: AbortSignal } = {},
): Paginated<ThreadSearchOccurrence> {
  checkNonEmptyString(searchTerm, "searchTerm");
  checkOptionsObject(options, "searchOccurrences options");
  checkInteger(options.pageSize, "pageSize", 1);
  checkSignal(options.signal);
  return new Paginated(async (cursor) => {
    const params: ClientParams<"thread/searchOccurrences"> = { threadId: thread.id, searchTerm, cursor };
    if (options.pageSize !== undefined) params.limit = options.pageSize;
    return pageOf(await (await thread.live()).request("thread/searchOccurrences", params, signalOf(options)));
  }, options.signal);
}

/** `thread/delete`: after the thread's running operation, like a turn. */
export async function deleteThread(thread: ThreadAccess): Promise<void> {
  await thread.exclusive(async (release) => {
    try {
      await (await thread.live()).request("thread/delete", { threadId: thread.id });
    } finally {
      release();
    }
  });
}

/** `thread/settings/update`, checked and mapped from codexkit's spellings. */
export async function updateThreadSettings(
  thread: ThreadAccess,
  settings: ThreadSettingsUpdate,
): Promise<void> {
  checkOptionsObject(settings, "settings");
  const given = Object.keys(settings ?? {}).filter(
    (key) => settings[key as keyof ThreadSettingsUpdate] !== undefined,
  );
  const unknown = given.filter((key) => !SETTINGS_KEYS.includes(key));
  if (unknown.length > 0) throw new InvalidInputError(`settings: unknown setting(s) ${unknown.join(", ")}`);
  if (given.length === 0) throw new InvalidInputError("settings: nothing to update");
  if (settings.cwd !== undefined) checkAbsolutePath(settings.cwd, "cwd");
  checkStrings(settings, ["permissions", "model", "effort"]);
  if (settings.serviceTier !== null) checkStrings(settings, ["serviceTier"]);
  checkOneOf(settings.summary, "summary", REASONING_SUMMARIES);
  checkJsonObject(settings.collaborationMode, "collaborationMode");
  checkStringArray(settings.disabledPluginIds, "disabledPluginIds");
  if (settings.permissions !== undefined && settings.sandbox !== undefined) {
    throw new InvalidInputError("permissions and sandbox cannot be combined");
  }
  const params: ClientParams<"thread/settings/update"> = {
    threadId: thread.id,
    ...turnApprovalFields(settings.approvalMode, settings.sandbox),
  };
  for (const key of ["cwd", "permissions", "model", "serviceTier", "effort", "summary"] as const) {
    if (settings[key] !== undefined) Object.assign(params, { [key]: settings[key] });
  }
  if (settings.collaborationMode) params.collaborationMode = settings.collaborationMode;
  if (settings.disabledPluginIds) params.disabledPluginIds = settings.disabledPluginIds;
  await (await thread.live()).request("thread/settings/update", params);
}

/** `thread/inject_items`: after the thread's running operation, so the items land between turns. */
export async function injectItems(thread: ThreadAccess, items: readonly ResponseItem[]): Promise<void> {
  if (!Array.isArray(items) || items.length === 0) {
    throw new InvalidInputError(
      `items must be a non-empty array of Responses API items, got ${describeValue(items)}`,
    );
  }
  items.forEach((item, index) => {
    if (!isPlainObject(item) || typeof item.type !== "string" || item.type === "") {
      throw new InvalidInputError(
        `items[${index}] must be an object with a string "type", got ${describeValue(item)}`,
      );
    }
    checkJsonObject(item, `items[${index}]`);
  });
  await thread.exclusive(async (release) => {
    try {
      await (await thread.live()).request("thread/inject_items", {
        threadId: thread.id,
        items: items as unknown as JsonValue[],
      });
    } finally {
      release();
    }
  });
}

/** `thread/metadata/update`; resolves with the thread as stored afterwards. */
export async function updateThreadMetadata(
  thread: ThreadAccess,
  update: ThreadMetadataUpdate,
): Promise<protocol.v2.Thread> {
  checkOptionsObject(update, "metadata update");
  const { gitInfo, projectId } = update ?? {};
  const unknown = Object.keys(update ?? {}).filter((key) => key !== "gitInfo" && key !== "projectId");
  if (unknown.length > 0)
    throw new InvalidInputError(`metadata update: unknown field(s) ${unknown.join(", ")}`);
  if (gitInfo === undefined && projectId === undefined)
    throw new InvalidInputError("metadata update: nothing to update");
  if (projectId !== undefined && typeof projectId !== "string") {
    throw new InvalidInputError(`projectId must be a string, got ${describeValue(projectId)}`);
  }
  if (gitInfo !== undefined) {
    if (!isPlainObject(gitInfo))
      throw new InvalidInputError(`gitInfo must be an object, got ${describeValue(gitInfo)}`);
    for (const [key, value] of Object.entries(gitInfo)) {
      if (!["sha", "branch", "originUrl"].includes(key))
        throw new InvalidInputError(`gitInfo: unknown field ${key}`);
      if (value !== null && value !== undefined && (typeof value !== "string" || value === "")) {
        throw new InvalidInputError(
          `gitInfo.${key} must be a non-empty string or null, got ${describeValue(value)}`,
        );
      }
    }
  }
  const params: ClientParams<"thread/metadata/update"> = { threadId: thread.id };
  if (gitInfo !== undefined) params.gitInfo = gitInfo;
  if (projectId !== undefined) params.projectId = projectId;
  return (await (await thread.live()).request("thread/metadata/update", params)).thread;
}

function pageOf<T>(response: { data: T[]; nextCursor: string | null }): Page<T> {
  return { data: response.data, nextCursor: response.nextCursor };
}

function signalOf(options: { signal?: AbortSignal }): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}
