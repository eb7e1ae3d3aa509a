import type { CodexPoolMember } from "./pool-member.js";

/**
 * The least busy of `members`: fewest running plus queued turns, then fewest loaded (or being placed)
 * threads, then the lowest index. Undefined when `members` is empty.
 */
export function leastBusy(members: readonly CodexPoolMember[]): CodexPoolMember | undefined {
  let best: CodexPoolMember | undefined;
  let bestTurns = 0;
  let bestThreads = 0;
  for (const member of members) {
    const activity = member.activity();
    const turns = activity.runningTurns + activity.queuedTurns;
    const threads = activity.loadedThreads + member.placing;
    if (!best || turns < bestTurns || (turns === bestTurns && threads < bestThreads)) {
      best = member;
      bestTurns = turns;
      bestThreads = threads;
    }
  }
  return best;
}
