/**
 * Workload 3: 10 sequential turns on one thread, codexkit vs `@openai/codex-sdk` (which spawns
 * `codex exec --experimental-json` per turn, resuming the thread from its rollout file). Both use the same
 * native codex 0.169.0 binary, CODEX_HOME and scripted model. Each side is timed end to end from a cold
 * client: ours includes spawn + initialize + thread/start, which is the SDK's per-turn cost anyway.
 */
import { Codex as CodexSdk } from "@openai/codex-sdk";
import { newCodex, threadOptions } from "../clients.js";
import { answerFor } from "../env.js";
import { interleave, now, pairedRatios, summarize } from "../stats.js";
import { check, type Workload } from "../types.js";

const TURNS = 10;

export const codexSdk: Workload = async ({ quick, env, log }) => {
  const rounds = quick ? 1 : 6;
  const problems: string[] = [];
  const perTurnOurs: number[] = [];
  const perTurnSdk: number[] = [];
  let threadsOk = 0;
  const { a: ours, b: sdk } = await interleave(
    rounds,
    async (round) => {
      env.feed(TURNS);
      const t0 = now();
      const codex = newCodex(env);
      try {
        const thread = await codex.threadStart(threadOptions(env));
        for (let i = 0; i < TURNS; i++) {
          const prompt = `sdk-cmp ours r${round} t${i}`;
          const t = now();
          const result = await thread.run(prompt);
          perTurnOurs.push(now() - t);
          if (result.finalResponse !== answerFor(prompt))
            problems.push(`ours ${prompt}: ${JSON.stringify(result.finalResponse)}`);
        }
        return now() - t0;
      } finally {
        await codex.close();
      }
    },
    async (round) => {
      env.feed(TURNS);
      const t0 = now();
      const client = new CodexSdk({ codexPathOverride: env.binary.command, env: env.spawnEnv });
      const thread = client.startThread({
        workingDirectory: env.home.workspace,
        skipGitRepoCheck: true,
        sandboxMode: "read-only",
        approvalPolicy: "never",
      });
      let firstId: string | null = null;
      for (let i = 0; i < TURNS; i++) {
        const prompt = `sdk-cmp sdk r${round} t${i}`;
        const t = now();
        const result = await thread.run(prompt);
        perTurnSdk.push(now() - t);
        if (result.finalResponse !== answerFor(prompt))
          problems.push(`codex-sdk ${prompt}: ${JSON.stringify(result.finalResponse)}`);
        firstId ??= thread.id;
        if (thread.id !== firstId) problems.push(`codex-sdk changed thread ${firstId} → ${thread.id}`);
      }
      if (firstId) threadsOk++;
      return now() - t0;
    },
  );
  log(
    `  codex-sdk: ours ${ours.map((x) => x.toFixed(0)).join(" ")} | sdk ${sdk.map((x) => x.toFixed(0)).join(" ")}`,
  );
  const ratio = summarize(pairedRatios(ours, sdk));
  const speedup = 1 / ratio.median;
  const perTurn = { ours: summarize(perTurnOurs), sdk: summarize(perTurnSdk) };
  return {
    id: "codex-sdk",
    title: `3. vs @openai/codex-sdk: ${TURNS} sequential turns on one thread (cold client)`,
    status: "ok",
    unit: "ms",
    ours: summarize(ours),
    baseline: summarize(sdk),
    baselineName: "@openai/codex-sdk 0.163.0 (exec per turn)",
    ratio,
    ratioMeaning: "time ours/sdk (lower is better)",
    targets: [
      {
        description: "≥ 3× faster than @openai/codex-sdk",
        met: quick ? null : speedup >= 3,
        measured: `${speedup.toFixed(2)}× faster (ratio ${ratio.median.toFixed(3)})`,
      },
    ],
    checks: [
      check(
        `all ${rounds * TURNS * 2} turns answered correctly on one thread each`,
        problems.length === 0 && threadsOk === rounds,
        problems.slice(0, 5).join("; ") || undefined,
      ),
    ],
    notes: [
      `${rounds} interleaved rounds; ours = new Codex + start + thread/start + ${TURNS} runs; sdk = new Codex + startThread + ${TURNS} runs (one \`codex exec\` each).`,
      `Per turn: ours median ${perTurn.ours.median.toFixed(1)} ms, sdk median ${perTurn.sdk.median.toFixed(1)} ms (steady-state ${(perTurn.sdk.median / perTurn.ours.median).toFixed(1)}×).`,
    ],
    details: { perTurnMs: perTurn, speedup },
  };
};
