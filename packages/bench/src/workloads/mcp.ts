/**
 * Workload 7: MCP bridge overhead. An MCP SDK client calls `codex_run` on the real `codexkit-mcp` bin
 * (stdio) for 10 sequential turns on one thread (the first call starts it), against direct `thread.run`
 * with the same settings (thread/start + turn/start params identical: cwd, never, read-only). Both sides
 * are long-lived (one bridge process, one Codex), so a round measures only the turns; the two sides alternate call by call.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ApprovalMode, Sandbox, type Thread } from "@codexkit/node";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { newCodex, threadOptions } from "../clients.js";
import { answerFor } from "../env.js";
import { alternating, now, pairedRatios, summarize } from "../stats.js";
import { check, type Workload } from "../types.js";

const TURNS = 10;

/** The bridge's bin (`dist/cli.js`), or undefined while it is not built. */
export function bridgeCli(): string | undefined {
  try {
    const pkgPath = createRequire(import.meta.url).resolve("@codexkit/mcp-bridge/package.json");
    const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { bin?: Record<string, string> | string };
    const bin = typeof pkg.bin === "string" ? pkg.bin : Object.values(pkg.bin ?? {})[0];
    const cli = join(dirname(pkgPath), bin ?? "dist/cli.js");
    // the bin is a committed shim that imports dist/cli.js: built means dist/cli.js exists
    return existsSync(cli) && existsSync(join(dirname(pkgPath), "dist", "cli.js")) ? cli : undefined;
  } catch {
    return undefined;
  }
}

interface RunStructured {
  threadId: string;
  status: string;
  finalResponse: string | null;
}

export const mcp: Workload = async ({ quick, env, log }) => {
  const title = `7. MCP bridge: ${TURNS} codex_run calls (MCP client → codexkit-mcp) vs direct thread.run`;
  const cli = bridgeCli();
  if (!cli) {
    return {
      id: "mcp",
      title,
      status: "pending",
      targets: [{ description: "≤ 1.05× direct thread.run", met: null, measured: "pending" }],
      checks: [],
      notes: [
        "@codexkit/mcp-bridge is not built (no dist/cli.js); run `pnpm turbo run build --filter=@codexkit/mcp-bridge`.",
      ],
    };
  }
  const rounds = quick ? 1 : 20;
  const warmup = quick ? 0 : 1;
  const workspace = env.home.workspace;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      cli,
      "--sandbox",
      "read-only",
      "--approval-policy",
      "never",
      "--allow-root",
      workspace,
      "--codex-path",
      env.binary.command,
      "--log-level",
      "silent",
    ],
    env: env.spawnEnv,
    cwd: workspace,
    stderr: "ignore",
  });
  const client = new Client({ name: "codexkit-bench", version: "0.0.0" });
  await client.connect(transport);
  const codex = newCodex(env);
  await codex.start();
  const problems: string[] = [];
  const perCall = { mcp: [] as number[], direct: [] as number[], async: [] as number[] };
  try {
    // Turn-level interleaving, as in the sequential workload: each side runs its turns in order on its own
    // thread, the two alternating call by call, so load changes hit both sides of a round alike.
    const viaMcp: number[] = [];
    const direct: number[] = [];
    const viaWait: number[] = [];
    for (let round = 0; round < rounds + warmup; round++) {
      env.feed(3 * TURNS);
      let threadId: string | undefined;
      let asyncThreadId: string | undefined;
      let thread: Thread | undefined;
      const sum = { mcp: 0, direct: 0, async: 0 };
      const callMcp = async (i: number) => {
        const prompt = `mcp r${round} t${i}`;
        const t = now();
        const result = await client.callTool(
          { name: "codex_run", arguments: { prompt, cwd: workspace, ...(threadId ? { threadId } : {}) } },
          undefined,
          { timeout: 60_000 },
        );
        const ms = now() - t;
        sum.mcp += ms;
        if (round >= warmup) perCall.mcp.push(ms);
        const out = result.structuredContent as RunStructured | undefined;
        if (result.isError || !out || out.finalResponse !== answerFor(prompt) || out.status !== "completed")
          problems.push(`codex_run ${prompt}: ${JSON.stringify(out ?? result.content).slice(0, 200)}`);
        if (threadId && out && out.threadId !== threadId) problems.push("codex_run switched thread");
        threadId ??= out?.threadId;
      };
      // The long-run path: codex_run with wait: false, then codex_wait for the result (one round trip more).
      const callMcpAsync = async (i: number) => {
        const prompt = `mcp-async r${round} t${i}`;
        const t = now();
        const started = await client.callTool(
          {
            name: "codex_run",
            arguments: {
              prompt,
              cwd: workspace,
              wait: false,
              ...(asyncThreadId ? { threadId: asyncThreadId } : {}),
            },
          },
          undefined,
          { timeout: 60_000 },
        );
        const run = started.structuredContent as (RunStructured & { turnId: string }) | undefined;
        let out: RunStructured | undefined = run;
        while (run && out?.status === "running") {
          const waited = await client.callTool(
            { name: "codex_wait", arguments: { turnId: run.turnId, timeoutSeconds: 60 } },
            undefined,
            { timeout: 65_000 },
          );
          out = waited.structuredContent as RunStructured | undefined;
        }
        const ms = now() - t;
        sum.async += ms;
        if (round >= warmup) perCall.async.push(ms);
        if (!out || out.finalResponse !== answerFor(prompt) || out.status !== "completed")
          problems.push(
            `codex_run wait:false ${prompt}: ${JSON.stringify(out ?? started.content).slice(0, 200)}`,
          );
        asyncThreadId ??= out?.threadId;
      };
      const callDirect = async (i: number) => {
        const prompt = `mcp-direct r${round} t${i}`;
        const t = now();
        // The first call starts the thread, as codex_run without a threadId does.
        thread ??= await codex.threadStart(threadOptions(env));
        const result = await thread.run(prompt, {
          cwd: workspace,
          approvalMode: ApprovalMode.denyAll,
          sandboxPolicy: Sandbox.readOnly,
        });
        const ms = now() - t;
        sum.direct += ms;
        if (round >= warmup) perCall.direct.push(ms);
        if (result.finalResponse !== answerFor(prompt))
          problems.push(`direct ${prompt}: ${result.finalResponse}`);
      };
      for (let i = 0; i < TURNS; i++) {
        for (const call of alternating(i + round, callMcp, callDirect)) await call(i);
        await callMcpAsync(i);
      }
      viaMcp.push(sum.mcp);
      direct.push(sum.direct);
      viaWait.push(sum.async);
    }
    const ours = viaMcp.slice(warmup);
    const base = direct.slice(warmup);
    log(
      `  mcp: via MCP ${ours.map((x) => x.toFixed(0)).join(" ")} | direct ${base.map((x) => x.toFixed(0)).join(" ")}`,
    );
    const ratio = summarize(pairedRatios(ours, base));
    const waitRatio = summarize(pairedRatios(viaWait.slice(warmup), ours));
    const waitCost = summarize(perCall.async).median - summarize(perCall.mcp).median;
    return {
      id: "mcp",
      title,
      status: "ok",
      unit: "ms",
      ours: summarize(ours),
      baseline: summarize(base),
      baselineName: "direct thread.run",
      ratio,
      ratioMeaning: "time via MCP/direct (lower is better)",
      targets: [
        {
          description: "≤ 1.05× direct thread.run",
          met: quick ? null : ratio.median <= 1.05,
          measured: `${ratio.median.toFixed(3)}×`,
        },
      ],
      checks: [
        check(
          `all ${(rounds + warmup) * TURNS * 3} calls answered correctly on one thread each`,
          problems.length === 0,
          problems.slice(0, 5).join("; ") || undefined,
        ),
      ],
      notes: [
        `${rounds} rounds (+${warmup} warm-up); one bridge process (stdio, its own Codex) and one direct Codex, both started before timing; a round = ${TURNS} calls on a new thread per side (the first starts it), the two sides alternating call by call; figure = sum of the call latencies.`,
        `Per call: MCP median ${summarize(perCall.mcp).median.toFixed(1)} ms, direct median ${summarize(perCall.direct).median.toFixed(1)} ms.`,
        `Long-run path (codex_run wait:false + codex_wait, its own thread, after each pair): median ${summarize(perCall.async).median.toFixed(1)} ms per call, ${waitCost.toFixed(1)} ms more than a plain codex_run; round ratio ${waitRatio.median.toFixed(3)}× plain codex_run.`,
      ],
      details: {
        perCallMs: {
          mcp: summarize(perCall.mcp),
          direct: summarize(perCall.direct),
          waitFalse: summarize(perCall.async),
        },
        waitFalseRatio: waitRatio,
      },
    };
  } finally {
    await client.close();
    await codex.close();
  }
};
