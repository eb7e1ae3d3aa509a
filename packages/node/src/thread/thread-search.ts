import { AbortError, type ClientParams, type protocol } from "@codexkit/core";
import { raceSignal } from "../internal/async.js";
import {
  checkBooleans,
  checkFunctions,
  checkInteger,
  checkNonEmptyString,
  checkOneOf,
  checkOptionsObject,
  checkSignal,
  checkStringArray,
  checkStrings,
} from "../internal/validation.js";
import type { Session, SessionSource } from "../session/session.js";

/** One thread a search found, with the snippet that matched. */
export type ThreadSearchResult = protocol.v2.ThreadSearchResult;
/** The final, authoritative page of a search: the results, and cursors for the next page. */
export type ThreadSearchPage = protocol.v2.ThreadSearchResponse;

/** Options of `codex.threadSearch`. */
export interface ThreadSearchOptions {
  /** Results per page. Default: codex's. */
  limit?: number;
  /** Continue after a previous page (its `nextCursor`). */
  cursor?: string;
  /** Sort by `"created_at"` (default), `"updated_at"` or `"recency_at"`. */
  sortKey?: "created_at" | "updated_at" | "recency_at";
  /** `"desc"` (default, newest first) or `"asc"`. */
  sortDirection?: "asc" | "desc";
  /** Search archived threads instead of the others. */
  archived?: boolean;
  /** Include threads attached to a parent thread. */
  includeAttachedThreads?: boolean;
  /** Only threads from these sources (e.g. `"appServer"`, `"cli"`); default: interactive ones. */
  sourceKinds?: protocol.v2.ThreadSourceKind[];
  /**
   * Called with each provisional batch codex streams while it searches (`thread/search/partial`): rows may
   * repeat the final page's or be missing from it. The promise's page is authoritative.
   */
  onPartial?: (rows: ThreadSearchResult[]) => void;
  /** Stops waiting (rejects with `AbortError`); the bounded search finishes on the server. */
  signal?: AbortSignal;
}

const SORT_KEYS = ["created_at", "updated_at", "recency_at"];

/**
 * Streamed searches per session, one at a time: codex labels each partial batch with the JSON-RPC id of its
 * request, which the connection does not expose, so a batch is attributed to the one search in flight.
 */
const inFlight = new WeakMap<Session, Promise<unknown>>();

/** @internal `codex.threadSearch`: `thread/search/stream`, with its partial batches to `onPartial`. */
export async function threadSearch(
  source: SessionSource,
  searchTerm: string,
  options: ThreadSearchOptions = {},
): Promise<ThreadSearchPage> {
  checkNonEmptyString(searchTerm, "searchTerm");
  checkOptionsObject(options, "threadSearch options");
  checkInteger(options.limit, "limit", 1);
  checkStrings(options, ["cursor"]);
  checkOneOf(options.sortKey, "sortKey", SORT_KEYS);
  checkOneOf(options.sortDirection, "sortDirection", ["asc", "desc"]);
  checkBooleans(options, ["archived", "includeAttachedThreads"]);
  checkStringArray(options.sourceKinds, "sourceKinds");
  checkFunctions(options, ["onPartial"]);
  checkSignal(options.signal);
  const { signal, onPartial } = options;
  const params: ClientParams<"thread/search/stream"> = { searchTerm };
  if (options.limit !== undefined) params.limit = options.limit;
  if (options.cursor !== undefined) params.cursor = options.cursor;
  if (options.sortKey) params.sortKey = options.sortKey;
  if (options.sortDirection) params.sortDirection = options.sortDirection;
  if (options.archived !== undefined) params.archived = options.archived;
  if (options.includeAttachedThreads !== undefined)
    params.includeAttachedThreads = options.includeAttachedThreads;
  if (options.sourceKinds) params.sourceKinds = options.sourceKinds;
  const session = await source();
  const previous = inFlight.get(session) ?? Promise.resolve();
  const search = previous
    .catch(() => {})
    .then(async () => {
      if (signal?.aborted) throw new AbortError("thread search aborted", { cause: signal.reason });
      const off = session.onNotification((n) => {
        if (n.method !== "thread/search/partial" || !onPartial) return;
        try {
          onPartial(n.params.data);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      });
      try {
        return await session.request("thread/search/stream", params);
      } finally {
        off();
      }
    });
  inFlight.set(session, search);
  const done = () => {
    if (inFlight.get(session) === search) inFlight.delete(session);
  };
  search.then(done, done);
  if (!signal) return search;
  return raceSignal(search, signal, ({ reject }) =>
    reject(new AbortError("thread search aborted", { cause: signal.reason })),
  );
}
