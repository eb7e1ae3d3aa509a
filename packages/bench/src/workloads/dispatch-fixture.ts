/**
 * Realistic app-server notification lines for the dispatch workload, shaped exactly like codex 0.169.0's
 * output for a streamed turn (captured from a real app-server; ids, texts and timestamps vary).
 */

const WORDS = [
  "The",
  " quick",
  " brown",
  " fox",
  " jumps",
  " over",
  " the",
  " lazy",
  " dog",
  ".",
  " It",
  "'s",
  " a",
  " test",
  " of",
  " streaming",
  " tokens",
  ",",
  " nothing",
  " more",
];

function id(prefix: string, n: number): string {
  return `${prefix}-e11c-74b0-a600-${n.toString(16).padStart(12, "0")}`;
}

/** The lines of one streamed turn: 3 thread-level notifications and `7 + deltas` turn-scoped ones. */
export function turnLines(threadId: string, turnId: string, n: number, deltas: number): string[] {
  const ts = 1795672695093 + n;
  const user = id("01a2166e", n * 2 + 1);
  const agent = `msg_${n.toString(16).padStart(12, "0")}`;
  const prompt = `prompt number ${n}`;
  const pieces: string[] = [];
  for (let i = 0; i < deltas; i++) pieces.push(WORDS[(n + i) % WORDS.length]!);
  const text = pieces.join("");
  const usage = `{"total":{"totalTokens":${15 + n},"inputTokens":10,"cachedInputTokens":0,"cacheWriteInputTokens":0,"outputTokens":${5 + n},"reasoningOutputTokens":0},"last":{"totalTokens":15,"inputTokens":10,"cachedInputTokens":0,"cacheWriteInputTokens":0,"outputTokens":5,"reasoningOutputTokens":0},"modelContextWindow":258400}`;
  const agentItem = (t: string, done: boolean) =>
    `{"type":"agentMessage","moderation":null,"id":"${agent}","text":${JSON.stringify(t)},"phase":null,"memoryCitation":null,"delivery":null,"questions":null,"startedAtMs":${ts},"completedAtMs":${done ? ts + 1 : null}}`;
  const userItem = (done: boolean) =>
    `{"type":"userMessage","id":"${user}","clientId":null,"content":[{"type":"text","text":${JSON.stringify(prompt)},"text_elements":[]}],"startedAtMs":${ts},"completedAtMs":${done ? ts : null}}`;
  const turn = (status: string, items: string, done: boolean) =>
    `{"id":"${turnId}","rootTurnId":"${turnId}","items":[${items}],"itemsView":"${done ? "summary" : "notLoaded"}","status":"${status}","error":null,"startedAt":1795672695,"completedAt":${done ? 1795672695 : null},"durationMs":${done ? 92 : null}}`;
  const lines = [
    `{"method":"thread/status/changed","params":{"threadId":"${threadId}","status":{"type":"active","activeFlags":[]}},"emittedAtMs":${ts}}`,
    `{"method":"turn/started","params":{"threadId":"${threadId}","turn":${turn("inProgress", "", false)}},"emittedAtMs":${ts}}`,
    `{"method":"item/started","params":{"item":${userItem(false)},"threadId":"${threadId}","turnId":"${turnId}","startedAtMs":${ts}},"emittedAtMs":${ts}}`,
    `{"method":"item/completed","params":{"item":${userItem(true)},"threadId":"${threadId}","turnId":"${turnId}","contentTokenCount":null,"completedAtMs":${ts}},"emittedAtMs":${ts}}`,
    `{"method":"item/started","params":{"item":${agentItem("", false)},"threadId":"${threadId}","turnId":"${turnId}","startedAtMs":${ts}},"emittedAtMs":${ts}}`,
  ];
  for (const delta of pieces)
    lines.push(
      `{"method":"item/agentMessage/delta","params":{"threadId":"${threadId}","turnId":"${turnId}","itemId":"${agent}","delta":${JSON.stringify(delta)}},"emittedAtMs":${ts}}`,
    );
  lines.push(
    `{"method":"item/completed","params":{"item":${agentItem(text, true)},"threadId":"${threadId}","turnId":"${turnId}","contentTokenCount":null,"completedAtMs":${ts + 1}},"emittedAtMs":${ts + 1}}`,
    `{"method":"thread/tokenUsage/updated","params":{"threadId":"${threadId}","turnId":"${turnId}","tokenUsage":${usage}},"emittedAtMs":${ts + 2}}`,
    `{"method":"account/rateLimits/updated","params":{"rateLimits":{"limitId":"codex","limitName":null,"normalModelSlug":null,"primary":null,"secondary":null,"credits":null,"individualLimit":null,"spendControlReached":null,"planType":null,"rateLimitReachedType":null}},"emittedAtMs":${ts + 2}}`,
    `{"method":"thread/status/changed","params":{"threadId":"${threadId}","status":{"type":"idle"}},"emittedAtMs":${ts + 3}}`,
    `{"method":"turn/completed","params":{"threadId":"${threadId}","turn":${turn("completed", agentItem(text, true), true)}},"emittedAtMs":${ts + 3}}`,
  );
  return lines;
}

export interface Fixture {
  /** The byte stream, cut into pipe-sized chunks (split lines and UTF-8 anywhere). */
  chunks: Buffer[];
  /** Complete lines contained in chunks[0..i] (cumulative). */
  linesThrough: number[];
  totalLines: number;
  /** Turn-scoped notifications (what must reach the router's queues). */
  turnScoped: number;
  turnIds: string[];
  bytes: number;
}

/**
 * At least `minLines` lines: turns of `deltas` deltas, `parallel` turns (on different threads) interleaved
 * line by line, as concurrent turns arrive. Chunked like a pipe (64 KiB).
 */
export function buildFixture(minLines: number, deltas = 40, parallel = 10, chunkSize = 65536): Fixture {
  const perTurn = 10 + deltas;
  const turnCount = Math.ceil(minLines / perTurn / parallel) * parallel;
  const turnIds: string[] = [];
  const parts: string[] = [];
  for (let base = 0; base < turnCount; base += parallel) {
    const group: string[][] = [];
    for (let k = 0; k < parallel; k++) {
      const n = base + k;
      const turnId = id("01a2166f", n);
      turnIds.push(turnId);
      group.push(turnLines(id("01a2166e", 1_000_000 + k), turnId, n, deltas));
    }
    for (let i = 0; i < perTurn; i++) for (const lines of group) parts.push(lines[i]!);
  }
  const all = Buffer.from(`${parts.join("\n")}\n`, "utf8");
  const chunks: Buffer[] = [];
  const linesThrough: number[] = [];
  let lines = 0;
  for (let off = 0; off < all.length; off += chunkSize) {
    const chunk = all.subarray(off, Math.min(all.length, off + chunkSize));
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    chunks.push(chunk);
    linesThrough.push(lines);
  }
  return {
    chunks,
    linesThrough,
    totalLines: parts.length,
    turnScoped: turnCount * (7 + deltas),
    turnIds,
    bytes: all.length,
  };
}
