/** Workload 1: `Codex` start (spawn + initialize) vs the raw client's spawn + initialize. */
import { newCodex, newRaw } from "../clients.js";
import { interleave, now, pairedRatios, summarize } from "../stats.js";
import { check, type Workload } from "../types.js";

export const startup: Workload = async ({ quick, env, log }) => {
  const rounds = quick ? 2 : 30;
  const warmup = 1;
  const problems: string[] = [];
  const { a: oursAll, b: rawAll } = await interleave(
    rounds + warmup,
    async () => {
      const t0 = now();
      const codex = newCodex(env);
      await codex.start();
      const ms = now() - t0;
      if (!codex.metadata.userAgent) problems.push("codexkit: initialize result without userAgent");
      await codex.close();
      return ms;
    },
    async () => {
      const t0 = now();
      const client = newRaw(env);
      const result = await client.initialize();
      const ms = now() - t0;
      if (!result.userAgent) problems.push("raw: initialize result without userAgent");
      await client.close();
      return ms;
    },
  );
  // The first round of each pays one-time JIT and module initialisation: drop it.
  const ours = oursAll.slice(warmup);
  const raw = rawAll.slice(warmup);
  log(
    `  startup: ours ${ours.map((x) => x.toFixed(0)).join(" ")} | raw ${raw.map((x) => x.toFixed(0)).join(" ")}`,
  );
  const ratio = summarize(pairedRatios(ours, raw));
  return {
    id: "startup",
    title: "1. Startup: spawn + initialize",
    status: "ok",
    unit: "ms",
    ours: summarize(ours),
    baseline: summarize(raw),
    baselineName: "raw JSONL client",
    ratio,
    ratioMeaning: "time ours/raw (lower is better)",
    targets: [
      {
        description: "ratio reported (no target)",
        met: null,
        measured: `${ratio.median.toFixed(2)}×`,
      },
    ],
    checks: [
      check("every start completed initialize", problems.length === 0, problems.join("; ") || undefined),
    ],
    notes: [`${rounds} interleaved rounds (+1 warm-up), a fresh app-server each; close() not timed.`],
  };
};
