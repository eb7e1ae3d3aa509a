/**
 * Workload 9: custom tools. (a) The tool-call round trip — the model's `function_call` → `item/tool/call` →
 * `execute` → the next model request carrying the output — codexkit (`tool()` on a thread) vs the raw JSONL
 * client answering `item/tool/call` itself, paired turn by turn in one run. (b) 100 parallel calls in one
 * turn through codexkit, each answered exactly once.
 */

import { type ServerRequestEvent, tool } from "@codexkit/node";
import { Reply, toolCallOutputs } from "@codexkit/testing";
import { newCodex, newRaw, nonEmptyMaps, rawThreadParams, threadOptions } from "../clients.js";
import { alternating, now, pairedRatios, roundsInBlocks, summarize } from "../stats.js";
import { check, type Workload } from "../types.js";

const PARALLEL = 100;
const SCHEMA = { type: "object", properties: { n: { type: "integer" } }, required: ["n"] };
const answer = (n: unknown) => `echo ${String(n)}`;

export const tools: Workload = async ({ quick, env, log }) => {
  // 32 rounds: a round's ratio spreads ~±3% (codex's own round trip varies), so the median needs this many to
  // resolve a 2% target (standard error ≈ 0.6%).
  const rounds = quick ? 1 : 32;
  const warmup = quick ? 0 : 1;
  const blocks = quick ? 1 : 4;
  const turnsPerRound = quick ? 2 : 10;
  const problems: string[] = [];
  let executed = 0;
  const echo = tool({
    name: "echo_tool",
    description: "Echoes n",
    parameters: SCHEMA,
    execute: ({ n }) => {
      executed++;
      return answer(n);
    },
  });
  const answerRaw = (method: string, params: Record<string, unknown>) =>
    method === "item/tool/call"
      ? {
          success: true,
          contentItems: [{ type: "inputText", text: answer((params.arguments as { n?: unknown }).n) }],
        }
      : undefined;
  const events: ServerRequestEvent[] = [];
  let pairs = 0;
  /** A fresh codexkit client and raw client, each with its own app-server and one thread with the tool. */
  const openPair = async () => {
    // Which server is spawned first alternates from pair to pair, so an order effect cannot favour one side.
    // (codexkit spawns in start(); the raw client in its constructor.)
    const codexFirst = pairs++ % 2 === 1;
    const codex = newCodex(env);
    codex.onServerRequest((event) => events.push(event));
    if (codexFirst) await codex.start();
    const raw = newRaw(env);
    raw.answerRequest = answerRaw;
    if (!codexFirst) await codex.start();
    await raw.initialize();
    const thread = await codex.threadStart({ ...threadOptions(env), tools: [echo] });
    const rawThread = await raw.threadStart({
      ...rawThreadParams(env),
      dynamicTools: [{ type: "function", name: "echo_tool", description: "Echoes n", inputSchema: SCHEMA }],
    });
    return { codex, raw, thread, rawThread };
  };
  const closePair = async (pair: Awaited<ReturnType<typeof openPair>>) => {
    await pair.codex.close();
    await pair.raw.close();
  };
  env.feed(0);

  /** Scripts one tool-call turn; resolves with the round trip (call served → next request received), in ms. */
  const scriptTurn = (n: number, callId: string) => {
    let served = 0;
    let roundTrip = 0;
    env.model.enqueue(
      Reply.dynamic(() => {
        served = now();
        return Reply.toolCall("echo_tool", { n }, { callId });
      }),
      Reply.dynamic((request) => {
        roundTrip = now() - served;
        const output = toolCallOutputs(request).find((o) => o.callId === callId)?.output;
        if (output !== answer(n)) problems.push(`${callId}: the model got ${JSON.stringify(output)}`);
        return Reply.message("done");
      }),
    );
    return () => roundTrip;
  };

  const ours: number[] = [];
  const base: number[] = [];
  const perCallOurs: number[] = [];
  const perCallRaw: number[] = [];
  let pair: Awaited<ReturnType<typeof openPair>> | undefined;
  try {
    let turn = 0;
    pair = await roundsInBlocks(
      { rounds, blocks, warmup },
      { open: openPair, close: closePair },
      async ({ thread, raw, rawThread }, round, timed) => {
        const sum = { ours: 0, raw: 0 };
        const runOurs = async () => {
          const n = turn++;
          const roundTrip = scriptTurn(n, `call_ours_${n}`);
          const result = await thread.run(`tool ours ${n}`);
          if (result.status !== "completed") problems.push(`ours turn ${n}: ${result.status}`);
          sum.ours += roundTrip();
          if (timed) perCallOurs.push(roundTrip());
        };
        const runRaw = async () => {
          const n = turn++;
          const roundTrip = scriptTurn(n, `call_raw_${n}`);
          const turnEvents = await raw.runTurn(rawThread, `tool raw ${n}`);
          const status = (turnEvents.at(-1)?.params.turn as { status?: string } | undefined)?.status;
          if (status !== "completed") problems.push(`raw turn ${n}: ${status}`);
          sum.raw += roundTrip();
          if (timed) perCallRaw.push(roundTrip());
        };
        for (let i = 0; i < turnsPerRound; i++) {
          for (const run of alternating(i + round, runOurs, runRaw)) await run();
        }
        if (timed) {
          ours.push(sum.ours);
          base.push(sum.raw);
        }
        env.feed(0);
      },
    );
    const oursT = ours;
    const baseT = base;
    log(
      `  tools: ours ${oursT.map((x) => x.toFixed(0)).join(" ")} | raw ${baseT.map((x) => x.toFixed(0)).join(" ")}`,
    );
    const ratio = summarize(pairedRatios(oursT, baseT));
    const roundTripCalls = (rounds + warmup * blocks) * turnsPerRound;
    const roundTripOk =
      executed === roundTripCalls &&
      events.length === roundTripCalls &&
      events.every((e) => e.method === "item/tool/call" && e.answeredBy === "handler");

    const roundTripDetail = `executed ${executed}, answered ${events.length}`;
    // (b) PARALLEL calls in one turn, each answered exactly once.
    executed = 0;
    events.length = 0;
    let parallelMs = 0;
    let parallelServed = 0;
    let outputsSeen: Map<string, number> | undefined;
    env.model.enqueue(
      Reply.dynamic(() => {
        parallelServed = now();
        return Reply.toolCalls(
          Array.from({ length: PARALLEL }, (_, n) => ({
            name: "echo_tool",
            args: { n },
            callId: `call_p_${n}`,
          })),
        );
      }),
      Reply.dynamic((request) => {
        parallelMs = now() - parallelServed;
        outputsSeen = new Map();
        for (const output of toolCallOutputs(request)) {
          const n = Number(output.callId.slice("call_p_".length));
          if (output.output !== answer(n))
            problems.push(`${output.callId}: got ${JSON.stringify(output.output)}`);
          outputsSeen.set(output.callId, (outputsSeen.get(output.callId) ?? 0) + 1);
        }
        return Reply.message("all done");
      }),
    );
    const parallelThread = await pair.codex.threadStart({ ...threadOptions(env), tools: [echo] });
    const parallel = await parallelThread.run("100 tool calls");
    const counts = [...(outputsSeen?.values() ?? [])];
    const parallelOk =
      parallel.status === "completed" &&
      executed === PARALLEL &&
      events.length === PARALLEL &&
      counts.length === PARALLEL &&
      counts.every((c) => c === 1);
    const stats = pair.codex.stats();
    // A thread's tool binding lives while the thread is loaded (dropped on thread/closed): both threads
    // still are, so exactly 2 bindings is right; every per-turn entry must be zero.
    const { toolBindings, ...perTurn } = stats;
    const leftovers = nonEmptyMaps(perTurn);
    if (toolBindings !== 2)
      leftovers.push(`toolBindings=${toolBindings} (expected 2: one per loaded thread)`);
    return {
      id: "tools",
      title: "9. Custom tools: tool-call round trip (model's call → execute → next model request)",
      status: "ok",
      unit: "ms",
      ours: summarize(oursT),
      baseline: summarize(baseT),
      baselineName: "raw JSONL client answering item/tool/call",
      ratio,
      ratioMeaning: "time ours/raw (lower is better)",
      targets: [
        {
          description: "ratio ≤ 1.02",
          met: quick ? null : ratio.median <= 1.02,
          measured: `${ratio.median.toFixed(3)}×`,
        },
        {
          description: `${PARALLEL} parallel calls in one turn, each answered once`,
          met: parallelOk,
          measured: `${counts.length} outputs in ${parallelMs.toFixed(0)} ms`,
        },
      ],
      checks: [
        check(
          `all ${2 * roundTripCalls} round-trip turns completed and the model got every tool output`,
          problems.length === 0 && roundTripOk,
          problems.slice(0, 5).join("; ") || roundTripDetail,
        ),
        check(
          `${PARALLEL} parallel calls: execute ran ${PARALLEL} times and each output reached the model exactly once`,
          parallelOk,
          `status ${parallel.status}, executed ${executed}, answered ${events.length}, outputs ${counts.length}`,
        ),
        check(
          "no running tool calls or router entries left",
          leftovers.length === 0,
          leftovers.join(", ") || undefined,
        ),
      ],
      notes: [
        `${rounds} rounds of ${turnsPerRound} tool-call turns per client on one thread each, alternating turn by turn, in ${blocks} blocks with a fresh pair of app-servers each (+${warmup} warm-up round per block); figure = sum of the round trips of a round, timed in the scripted model from serving the function_call to receiving the request with its output.`,
        "The tool has a plain JSON Schema (codexkit checks required/types before execute); the raw client answers without checking.",
      ],
      details: {
        perCallMs: { ours: summarize(perCallOurs), raw: summarize(perCallRaw) },
        perCallPairedRatio: summarize(pairedRatios(perCallOurs, perCallRaw)),
        parallel: { calls: PARALLEL, ms: parallelMs },
        stats,
      },
    };
  } finally {
    if (pair) await closePair(pair);
  }
};
