/**
 * Workload 13: the cost of telemetry. The same turns through two codexkit clients, one with the
 * OpenTelemetry SDK registered (spans exported to memory through a SimpleSpanProcessor, metrics collected
 * by a reader, the async-hooks context manager enabled, every turn run under a caller span) and one with
 * `telemetry: false`, paired turn by turn in one run.
 */

import type { Codex, Thread } from "@codexkit/node";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { newCodex, nonEmptyMaps, threadOptions } from "../clients.js";
import { answerFor } from "../env.js";
import { alternating, now, pairedRatios, roundsInBlocks, summarize } from "../stats.js";
import { check, type Workload } from "../types.js";

/** A reader the workload collects from once at the end (nothing is exported periodically). */
class CollectingReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

export const telemetry: Workload = async ({ quick, env, log }) => {
  const rounds = quick ? 1 : 24;
  const warmup = quick ? 0 : 1;
  const blocks = quick ? 1 : 4;
  const turnsPerRound = quick ? 2 : 10;
  const problems: string[] = [];
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const tracer = tracerProvider.getTracer("bench");
  let turnSpans = 0;
  let pairs = 0;

  const openPair = async () => {
    const tracedFirst = pairs++ % 2 === 1;
    const traced = newCodex(env, { telemetry: { tracerProvider, meterProvider } });
    const off = newCodex(env, { telemetry: false });
    for (const codex of tracedFirst ? [traced, off] : [off, traced]) await codex.start();
    return { traced, off };
  };
  const closePair = async (pair: { traced: Codex; off: Codex }) => {
    await pair.traced.close();
    await pair.off.close();
  };

  let turn = 0;
  const cpu = { traced: 0, off: 0 };
  const perTurn = { traced: [] as number[], off: [] as number[] };
  /** One timed turn; the traced client's turn runs under an active caller span, as an application's would. */
  const runTurn = async (thread: Thread, side: "traced" | "off", timed: boolean) => {
    const prompt = `telemetry ${side} ${turn++}`;
    const c0 = process.cpuUsage();
    const t = now();
    const result =
      side === "traced"
        ? await tracer.startActiveSpan("caller", async (span) => {
            try {
              return await thread.run(prompt);
            } finally {
              span.end();
            }
          })
        : await thread.run(prompt);
    const ms = now() - t;
    const c = process.cpuUsage(c0);
    if (result.status !== "completed" || result.finalResponse !== answerFor(prompt))
      problems.push(`${side} ${prompt}: ${result.status} ${JSON.stringify(result.finalResponse)}`);
    if (timed) {
      perTurn[side].push(ms);
      cpu[side] += c.user + c.system;
    }
    return ms;
  };

  const traced: number[] = [];
  const off: number[] = [];
  let pair: Awaited<ReturnType<typeof openPair>> | undefined;
  try {
    pair = await roundsInBlocks(
      { rounds, blocks, warmup },
      { open: openPair, close: closePair },
      async (servers, round, timed) => {
        env.feed(2 * turnsPerRound);
        const threads = {
          traced: await servers.traced.threadStart(threadOptions(env)),
          off: await servers.off.threadStart(threadOptions(env)),
        };
        const sum = { traced: 0, off: 0 };
        for (let i = 0; i < turnsPerRound; i++) {
          for (const side of alternating(i + round, "traced" as const, "off" as const))
            sum[side] += await runTurn(threads[side], side, timed);
        }
        // Count, then drop, the finished spans, so memory stays flat over the run.
        turnSpans += exporter.getFinishedSpans().filter((s) => s.name === "invoke_agent codex").length;
        exporter.reset();
        if (timed) {
          traced.push(sum.traced);
          off.push(sum.off);
        }
      },
    );
    log(
      `  telemetry: traced ${traced.map((x) => x.toFixed(0)).join(" ")} | off ${off.map((x) => x.toFixed(0)).join(" ")}`,
    );
    const ratio = summarize(pairedRatios(traced, off));
    const totalTurns = (rounds + warmup * blocks) * turnsPerRound;
    const { resourceMetrics } = await reader.collect();
    const durations = resourceMetrics.scopeMetrics
      .flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === "gen_ai.client.operation.duration")
      ?.dataPoints.reduce((n, p) => n + (p.value as { count: number }).count, 0);
    const leftovers = [...nonEmptyMaps(pair.traced.stats()), ...nonEmptyMaps(pair.off.stats())];
    const measured = rounds * turnsPerRound;
    const cpuPerTurn = { traced: cpu.traced / 1000 / measured, off: cpu.off / 1000 / measured };
    return {
      id: "telemetry",
      title: "13. Telemetry: a turn with the OpenTelemetry SDK recording vs telemetry: false",
      status: "ok",
      unit: "ms",
      ours: summarize(traced),
      baseline: summarize(off),
      baselineName: "the same client with telemetry: false",
      ratio,
      ratioMeaning: "time traced/off (lower is better)",
      targets: [
        {
          description: "ratio ≤ 1.02",
          met: quick ? null : ratio.median <= 1.02,
          measured: `${ratio.median.toFixed(3)}×`,
        },
      ],
      checks: [
        check(
          `all ${2 * totalTurns} turns completed with the right answer`,
          problems.length === 0,
          problems.slice(0, 5).join("; ") || undefined,
        ),
        check(
          `one invoke_agent span and one duration point per traced turn (${totalTurns})`,
          turnSpans === totalTurns && durations === totalTurns,
          `spans ${turnSpans}, duration points ${durations}`,
        ),
        check("no router or queue entries left", leftovers.length === 0, leftovers.join(", ") || undefined),
      ],
      notes: [
        `${rounds} rounds of ${turnsPerRound} message turns per client on a fresh thread each, alternating turn by turn, in ${blocks} blocks with a fresh pair of app-servers each (+${warmup} warm-up round per block); figure = sum of a round's turn latencies (thread.run, client side).`,
        "Traced side: BasicTracerProvider + SimpleSpanProcessor(InMemorySpanExporter), a MeterProvider with a reader, the AsyncLocalStorage context manager, each turn under an active caller span (so every request carries a traceparent).",
      ],
      details: {
        perTurnMs: { traced: summarize(perTurn.traced), off: summarize(perTurn.off) },
        perTurnPairedRatio: summarize(pairedRatios(perTurn.traced, perTurn.off)),
        clientCpuMsPerTurn: {
          ...cpuPerTurn,
          note: "process CPU during the turn (includes the in-process scripted model, the same for both)",
        },
      },
    };
  } finally {
    if (pair) await closePair(pair);
    context.disable();
    trace.disable();
  }
};
