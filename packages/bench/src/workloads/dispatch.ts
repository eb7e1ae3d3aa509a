/**
 * Workload 5: dispatch throughput without any process. ≥ 1,000,000 realistic notification lines are fed in
 * 64 KiB chunks from memory into core's `AppServerConnection` (JSONL reader → vscode-jsonrpc → listeners)
 * and a `TurnRouter` whose turns are opened up front and consumed with `for await`, as `TurnHandle` does.
 * Baseline: the same chunks through a streaming TextDecoder, newline split and `JSON.parse` — nothing else.
 * A third, diagnostic variant runs the client's read path alone: core's `JsonlTransport` (framing + parse)
 * under its `TransportMessageReader` (shape check), without the connection.
 */
import { AppServerConnection, type ByteStream, JsonlTransport } from "@codexkit/core";
import { TransportMessageReader, TurnRouter } from "@codexkit/core/internal";
// Loads the SDK as every @codexkit/node user has it (core installs its runtime layer: setImmediate dispatch on Node).
import "@codexkit/node";
import { forceGc } from "../gc.js";
import { interleave, now, pairedRatios, summarize } from "../stats.js";
import { check, type Workload } from "../types.js";
import { buildFixture, type Fixture } from "./dispatch-fixture.js";

/** A ByteStream fed from memory; writes are dropped (nothing is ever answered). */
class MemoryStream implements ByteStream {
  private readonly data = new Set<(chunk: Uint8Array | string) => void>();
  private readonly closes = new Set<(error?: Error) => void>();
  onData(listener: (chunk: Uint8Array | string) => void) {
    this.data.add(listener);
    return () => void this.data.delete(listener);
  }
  onClose(listener: (error?: Error) => void) {
    this.closes.add(listener);
    return () => void this.closes.delete(listener);
  }
  async write(): Promise<void> {}
  end(): void {}
  push(chunk: Uint8Array): void {
    for (const listener of this.data) listener(chunk);
  }
  close(): void {
    for (const listener of this.closes) listener();
  }
}

/** CPU time of this process (all threads) since `start`, in ms. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(start);
  return (c.user + c.system) / 1000;
}

/** Each chunk of a pipe arrives in its own macrotask. */
const nextChunk = () => new Promise<void>((resolve) => setImmediate(resolve));

interface OursRun {
  ms: number;
  cpuMs: number;
  lines: number;
  routed: number;
  consumed: number;
  stats: { open: number; buffered: number; rememberedCompleted: number };
}

export async function runOurs(fx: Fixture): Promise<OursRun> {
  const stream = new MemoryStream();
  const connection = new AppServerConnection(new JsonlTransport(stream), {
    clientInfo: { name: "bench", version: "0" },
  });
  const router = new TurnRouter();
  let lines = 0;
  let routed = 0;
  let target = 0;
  let wake: (() => void) | undefined;
  connection.onNotification((n) => {
    lines++;
    if (router.route(n)) routed++;
    if (wake && lines >= target) {
      const w = wake;
      wake = undefined;
      w();
    }
  });
  let consumed = 0;
  const consumers = fx.turnIds.map(async (turnId) => {
    for await (const _ of router.openTurn(turnId)) consumed++;
  });
  const c0 = process.cpuUsage();
  const t0 = now();
  for (let i = 0; i < fx.chunks.length; i++) {
    target = fx.linesThrough[i]!;
    stream.push(fx.chunks[i]!);
    // Wait until the chunk's lines are dispatched (vscode-jsonrpc queues them), then yield a macrotask as
    // a pipe does between chunks, so consumers run as they would.
    if (lines < target) await new Promise<void>((resolve) => (wake = resolve));
    await nextChunk();
  }
  await Promise.all(consumers);
  const ms = now() - t0;
  const cpuMs = cpuSince(c0);
  const stats = router.stats();
  await connection.close();
  return { ms, cpuMs, lines, routed, consumed, stats };
}

export async function runBaseline(fx: Fixture): Promise<{ ms: number; cpuMs: number; lines: number }> {
  const decoder = new TextDecoder();
  let rest = "";
  let lines = 0;
  const c0 = process.cpuUsage();
  const t0 = now();
  for (const chunk of fx.chunks) {
    const text = rest + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      if (JSON.parse(text.slice(start, nl)) !== null) lines++;
      start = nl + 1;
    }
    rest = text.slice(start);
    await nextChunk();
  }
  return { ms: now() - t0, cpuMs: cpuSince(c0), lines };
}

export async function runReaderOnly(fx: Fixture): Promise<{ ms: number; lines: number }> {
  const stream = new MemoryStream();
  const reader = new TransportMessageReader(new JsonlTransport(stream));
  let lines = 0;
  reader.listen(() => {
    lines++;
  });
  const t0 = now();
  for (const chunk of fx.chunks) {
    stream.push(chunk);
    await nextChunk();
  }
  const ms = now() - t0;
  reader.dispose();
  return { ms, lines };
}

export const dispatch: Workload = async ({ quick, log }) => {
  const rounds = quick ? 1 : 5;
  const fx = buildFixture(quick ? 100_000 : 1_000_000);
  log(`  dispatch: ${fx.totalLines} lines, ${(fx.bytes / 1e6).toFixed(0)} MB, ${fx.turnIds.length} turns`);
  const problems: string[] = [];
  const rate = (lines: number, ms: number) => (lines * 1000) / ms;
  const reader: number[] = [];
  // Also msgs per CPU-second: on a loaded machine wall time includes waiting for a core, CPU time does not.
  const cpuRate = { ours: [] as number[], base: [] as number[] };
  const { a: ours, b: base } = await interleave(
    rounds,
    async () => {
      await forceGc();
      const r = await runOurs(fx);
      if (r.lines !== fx.totalLines) problems.push(`dispatched ${r.lines}/${fx.totalLines} lines`);
      if (r.routed !== fx.turnScoped || r.consumed !== fx.turnScoped)
        problems.push(`routed ${r.routed}, consumed ${r.consumed}, expected ${fx.turnScoped}`);
      if (r.stats.open !== 0 || r.stats.buffered !== 0)
        problems.push(`router not empty: ${JSON.stringify(r.stats)}`);
      await forceGc();
      const readerRun = await runReaderOnly(fx);
      reader.push(rate(readerRun.lines, readerRun.ms));
      cpuRate.ours.push(rate(r.lines, r.cpuMs));
      return rate(r.lines, r.ms);
    },
    async () => {
      await forceGc();
      const r = await runBaseline(fx);
      if (r.lines !== fx.totalLines) problems.push(`baseline parsed ${r.lines}/${fx.totalLines} lines`);
      cpuRate.base.push(rate(r.lines, r.cpuMs));
      return rate(r.lines, r.ms);
    },
  );
  const fmt = (xs: number[]) => xs.map((x) => `${(x / 1000).toFixed(0)}k`).join(" ");
  log(`  dispatch msgs/s: ours ${fmt(ours)} | baseline ${fmt(base)} | reader-only ${fmt(reader)}`);
  const ratio = summarize(pairedRatios(ours, base));
  const oursS = summarize(ours);
  const cpuRatio = summarize(pairedRatios(cpuRate.ours, cpuRate.base));
  const cpuOurs = summarize(cpuRate.ours);
  return {
    id: "dispatch",
    title: `5. Dispatch: ${(fx.totalLines / 1e6).toFixed(2)}M notification lines, connection + router (no process)`,
    status: "ok",
    unit: "msgs/s",
    ours: oursS,
    baseline: summarize(base),
    baselineName: "TextDecoder + line split + JSON.parse",
    ratio,
    ratioMeaning: "throughput ours/baseline (higher is better)",
    targets: [
      {
        description: "≥ 100k msgs/s",
        met: quick ? null : oursS.median >= 100_000,
        measured: `${(oursS.median / 1000).toFixed(0)}k msgs/s`,
      },
      {
        description: "≥ 0.5× baseline",
        met: quick ? null : ratio.median >= 0.5,
        measured: `${ratio.median.toFixed(3)}×`,
      },
    ],
    checks: [
      check(
        "every line dispatched once; every turn-scoped notification reached its queue and its consumer",
        problems.length === 0,
        problems.slice(0, 5).join("; ") || `${fx.turnScoped} routed per round`,
      ),
    ],
    notes: [
      `${rounds} interleaved rounds; ${fx.turnIds.length} turns of 40 deltas, 10 interleaved at a time; ${fx.chunks.length} chunks of 64 KiB.`,
      `Per CPU-second (robust to load): ours ${(cpuOurs.median / 1000).toFixed(0)}k msgs/CPU-s, ratio ${cpuRatio.median.toFixed(3)} (p10–p90 ${cpuRatio.p10.toFixed(3)}–${cpuRatio.p90.toFixed(3)}).`,
      `Diagnostic, core's JsonlTransport + TransportMessageReader alone (LineDecoder + JSON.parse + shape check): median ${(summarize(reader).median / 1000).toFixed(0)}k msgs/s.`,
    ],
    details: {
      lines: fx.totalLines,
      bytes: fx.bytes,
      turnScoped: fx.turnScoped,
      readerOnly: summarize(reader),
      perCpuSecond: { ours: cpuOurs, baseline: summarize(cpuRate.base), ratio: cpuRatio },
    },
  };
};
