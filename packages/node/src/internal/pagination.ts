import { AbortError } from "@codexkit/core";

/** One page of a cursor-paginated codex list (`data` plus the cursor of the next page, `null` at the end). */
export interface Page<T> {
  /** The entries of this page. */
  data: T[];
  /** Where the next page starts; `null` when this was the last page. */
  nextCursor: string | null;
}

/**
 * A cursor-paginated codex list (`thread/turns/list`, `thread/items/list`, `mcpServerStatus/list`, …) as an
 * async iterable of its entries: pages are fetched as the loop needs them, and leaving the loop fetches no
 * more. Each loop starts again from the first page. {@link Paginated.pages} gives whole pages,
 * {@link Paginated.toArray} collects everything.
 *
 * @example
 * ```ts
 * for await (const turn of thread.turns({ sortDirection: "asc" })) console.log(turn.id, turn.status);
 * const lastTen = await thread.turns({ pageSize: 10 }).toArray({ limit: 10 });
 * ```
 */
export class Paginated<T> implements AsyncIterable<T> {
  /** @internal */
  constructor(
    private readonly fetchPage: (cursor: string | null) => Promise<Page<T>>,
    private readonly signal?: AbortSignal,
  ) {}

  /** The pages, in order, each fetched when the loop asks for it. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let cursor: string | null = null;
    const seen = new Set<string>();
    for (;;) {
      if (this.signal?.aborted) throw new AbortError("listing aborted", { cause: this.signal.reason });
      const page: Page<T> = await this.fetchPage(cursor);
      yield page;
      // (a cursor that comes back again would loop forever: treat it as the end)
      if (page.nextCursor === null || seen.has(page.nextCursor)) return;
      seen.add(page.nextCursor);
      cursor = page.nextCursor;
    }
  }

  /** The entries of every page, in order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Collects the entries (at most `limit` of them: no page after the one that reaches it is fetched). */
  async toArray(options: { limit?: number } = {}): Promise<T[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const all: T[] = [];
    if (limit <= 0) return all;
    for await (const entry of this) {
      all.push(entry);
      if (all.length >= limit) break;
    }
    return all;
  }
}
