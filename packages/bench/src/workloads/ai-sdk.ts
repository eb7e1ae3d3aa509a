/**
 * Workload 8: 20 sequential `generateText` calls through the @codexkit/ai-sdk provider on one conversation vs
 * 20 `thread.run` turns directly, on the same client, alternating turn by turn.
 */

import { createCodexProvider } from "@codexkit/ai-sdk";
import { generateText } from "ai";
import { newCodex, nonEmptyMaps, threadOptions } from "../clients.js";
import { answerFor } from "../env.js";
import { alternating, now, pairedRatios, summarize } from "../stats.js";
import { check, type Workload } from "../types.js";

const TURNS = 20;

export const aiSdk: Workload = async ({ quick, env, log }) => {
  const rounds = quick ? 1 : 12;
  const warmup = quick ? 0 : 1;
  const codex = newCodex(env);
  await codex.start();
  const options = threadOptions(env);
  const provider = createCodexProvider({ codex, ...options });
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  const problems: string[] = [];
  const perTurnOurs: number[] = [];
  const perTurnDirect: number[] = [];
  try {
    const ours: number[] = [];
    const base: number[] = [];
    for (let round = 0; round < rounds + warmup; round++) {
      // both sides start their thread with one untimed turn, so the clock sees only continuing turns
      env.feed(2 * TURNS + 2);
      const thread = await codex.threadStart(options);
      await thread.run(`aisdk direct r${round} start`);
      const first = await generateText({
        model: provider("mock-model"),
        prompt: `aisdk ours r${round} start`,
      });
      const conversation = String(first.providerMetadata?.codex?.threadId);
      const sum = { ours: 0, direct: 0 };
      const runOurs = async (i: number) => {
        const prompt = `aisdk ours r${round} t${i}`;
        const t = now();
        const result = await generateText({
          model: provider("mock-model"),
          prompt,
          providerOptions: { codex: { threadId: conversation } },
        });
        const ms = now() - t;
        if (round >= warmup) perTurnOurs.push(ms);
        sum.ours += ms;
        if (result.text !== answerFor(prompt) || result.finishReason !== "stop")
          problems.push(`ours ${prompt}: ${result.finishReason} ${JSON.stringify(result.text)}`);
      };
      const runDirect = async (i: number) => {
        const prompt = `aisdk direct r${round} t${i}`;
        const t = now();
        const result = await thread.run(prompt);
        const ms = now() - t;
        if (round >= warmup) perTurnDirect.push(ms);
        sum.direct += ms;
        if (result.finalResponse !== answerFor(prompt) || result.status !== "completed")
          problems.push(`direct ${prompt}: ${result.status} ${JSON.stringify(result.finalResponse)}`);
      };
      for (let i = 0; i < TURNS; i++) {
        for (const run of alternating(i + round, runOurs, runDirect)) await run(i);
      }
      ours.push(sum.ours);
      base.push(sum.direct);
    }
    const oursT = ours.slice(warmup);
    const baseT = base.slice(warmup);
    log(
      `  ai-sdk: provider ${oursT.map((x) => x.toFixed(0)).join(" ")} | thread.run ${baseT.map((x) => x.toFixed(0)).join(" ")}`,
    );
    const ratio = summarize(pairedRatios(oursT, baseT));
    const leftovers = nonEmptyMaps(codex.stats());
    return {
      id: "ai-sdk",
      title: `11. AI SDK provider: ${TURNS} generateText calls on one conversation`,
      status: "ok",
      unit: "ms",
      ours: summarize(oursT),
      baseline: summarize(baseT),
      baselineName: "thread.run directly",
      ratio,
      ratioMeaning: "time provider/thread.run (lower is better)",
      targets: [
        {
          description: "ratio ≤ 1.05",
          met: quick ? null : ratio.median <= 1.05,
          measured: `${ratio.median.toFixed(3)}×`,
        },
      ],
      checks: [
        check(
          `all ${(rounds + warmup) * TURNS * 2} turns completed with the right answer`,
          problems.length === 0,
          problems.slice(0, 5).join("; ") || undefined,
        ),
        check(
          "router/queue maps empty after the turns",
          leftovers.length === 0,
          leftovers.join(", ") || undefined,
        ),
      ],
      notes: [
        `${rounds} rounds (+${warmup} warm-up); a round = ${TURNS} generateText calls continuing one conversation (providerOptions.codex.threadId) and ${TURNS} thread.run turns on one thread (each started with one untimed turn), on one client, alternating turn by turn; figure = sum of the ${TURNS} latencies.`,
      ],
      details: {
        perTurnMs: { provider: summarize(perTurnOurs), direct: summarize(perTurnDirect) },
        perTurnPairedRatio: summarize(pairedRatios(perTurnOurs, perTurnDirect)),
      },
    };
  } finally {
    await provider.close();
    await codex.close();
  }
};
