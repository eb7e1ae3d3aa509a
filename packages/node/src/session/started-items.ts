import type { ThreadItem } from "@codexkit/core";
import type { StartedItem } from "../approvals/approvals.js";

/**
 * The file changes and commands of one session's running turns, kept from `item/started` until their
 * `item/completed` (or their turn's end): approvals show the item they are about. Internal to @codexkit/node.
 */
export class StartedItems {
  private readonly startedItems = new Map<string, { turnId: string; item: StartedItem }>();

  /** How many items are kept. */
  get size(): number {
    return this.startedItems.size;
  }

  /** The item `itemId`, if it started and has not completed. */
  get(itemId: string): StartedItem | undefined {
    return this.startedItems.get(itemId)?.item;
  }

  /** `item/started` was seen: a file change or command is kept. */
  started(turnId: string, item: ThreadItem): void {
    if (item.type === "fileChange" || item.type === "commandExecution")
      this.startedItems.set(item.id, { turnId, item });
  }

  /** `item/completed` for `itemId` was seen. */
  completed(itemId: string): void {
    this.startedItems.delete(itemId);
  }

  /** `turn/completed` for `turnId` was seen: its items are dropped. */
  turnCompleted(turnId: string): void {
    for (const [itemId, entry] of this.startedItems)
      if (entry.turnId === turnId) this.startedItems.delete(itemId);
  }

  /** Drops every item (the connection closed). */
  clear(): void {
    this.startedItems.clear();
  }
}
