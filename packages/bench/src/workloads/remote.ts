/**
 * Workload 12: per-turn latency over WebSocket. Three clients, paired in one run, alternating turn by turn
 * (rotating who goes first): codexkit over a real app-server listening on `ws://127.0.0.1:0` (capability
 * token), codexkit over stdio (spawned), and a raw WebSocket client on a second listening server.
 * Ratios: codexkit-ws / codexkit-stdio (what the transport costs) and codexkit-ws / raw-ws (what codexkit
 * costs over WebSocket).
 */
import { Codex, type Thread } from "@codexkit/node";
import { startAppServerListener } from "@codexkit/testing";
import { newCodex, rawThreadParams, threadOptions, verifyTurnEvents } from "../clients.js";
import { answerFor } from "../env.js";
import { RawWsClient } from "../raw-ws-client.js";
import { now, pairedRatios, summarize } from "../stats.js";
import { check, type Workload } from "../types.js";

const TURNS = 10;

export const remote: Workload = async ({ quick, env, log }) => {
  const rounds = quick ? 1 : 10;
  const warmup = quick ? 0 : 1;
  // Each client has its own app-server: codexkit-ws and raw-ws on listening ones, codexkit-stdio spawned.
  const listen = () =>
    startAppServerListener({
      home: env.home,
      codexPath: env.binary.command,
      env: { PATH: env.spawnEnv.PATH ?? "" },
    });
  const [server, rawServer] = await Promise.all([listen(), listen()]);
  const ws = new Codex({ url: server.url, token: server.token as string });
  const stdio = newCodex(env);
  const raw = new RawWsClient(rawServer.url, rawServer.token as string);
  const problems: string[] = [];
  try {
    await Promise.all([ws.start(), stdio.start(), raw.initialize()]);
    const sums = { ws: [] as number[], stdio: [] as number[], raw: [] as number[] };
    const perTurn = { ws: [] as number[], stdio: [] as number[], raw: [] as number[] };
    for (let round = 0; round < rounds + warmup; round++) {
      const [wsThread, stdioThread, rawThread] = await Promise.all([
        ws.threadStart(threadOptions(env)),
        stdio.threadStart(threadOptions(env)),
        raw.threadStart(rawThreadParams(env)),
      ]);
      env.feed(3 * TURNS);
      const sum = { ws: 0, stdio: 0, raw: 0 };
      const ours = async (side: "ws" | "stdio", thread: Thread, i: number) => {
        const prompt = `remote ${side} r${round} t${i}`;
        const t = now();
        const result = await thread.run(prompt);
        const ms = now() - t;
        sum[side] += ms;
        if (round >= warmup) perTurn[side].push(ms);
        if (result.finalResponse !== answerFor(prompt) || result.status !== "completed")
          problems.push(`${side} ${prompt}: ${result.status} ${JSON.stringify(result.finalResponse)}`);
      };
      const rawTurn = async (i: number) => {
        const prompt = `remote raw r${round} t${i}`;
        const t = now();
        const events = await raw.runTurn(rawThread, prompt);
        const ms = now() - t;
        sum.raw += ms;
        if (round >= warmup) perTurn.raw.push(ms);
        const turnId = (events.at(-1)?.params.turn as { id: string } | undefined)?.id ?? "?";
        problems.push(...verifyTurnEvents(events, turnId, prompt).map((p) => `raw ${p}`));
      };
      for (let i = 0; i < TURNS; i++) {
        const order = [() => ours("ws", wsThread, i), () => ours("stdio", stdioThread, i), () => rawTurn(i)];
        const shift = (i + round) % 3;
        for (const step of [...order.slice(shift), ...order.slice(0, shift)]) await step();
      }
      if (round >= warmup) {
        sums.ws.push(sum.ws);
        sums.stdio.push(sum.stdio);
        sums.raw.push(sum.raw);
      }
    }
    const vsStdio = summarize(pairedRatios(sums.ws, sums.stdio));
    const vsRaw = summarize(pairedRatios(sums.ws, sums.raw));
    log(
      `  remote: ws ${sums.ws.map((x) => x.toFixed(0)).join(" ")} | stdio ${sums.stdio.map((x) => x.toFixed(0)).join(" ")} | raw-ws ${sums.raw.map((x) => x.toFixed(0)).join(" ")}`,
    );
    return {
      id: "remote",
      title: `12. Remote: ${TURNS} sequential turns over WebSocket vs stdio vs a raw WebSocket client`,
      status: "ok",
      unit: "ms",
      ours: summarize(sums.ws),
      baseline: summarize(sums.raw),
      baselineName: "raw WebSocket client",
      ratio: vsRaw,
      ratioMeaning: "time codexkit-ws/raw-ws (lower is better)",
      targets: [
        {
          description: "codexkit over ws / raw ws client ≤ 1.05",
          met: quick ? null : vsRaw.median <= 1.05,
          measured: `${vsRaw.median.toFixed(3)}×`,
        },
        {
          description: "codexkit over ws / codexkit over stdio ≤ 1.05",
          met: quick ? null : vsStdio.median <= 1.05,
          measured: `${vsStdio.median.toFixed(3)}×`,
        },
      ],
      checks: [
        check(
          `all ${3 * TURNS * (rounds + warmup)} turns completed with the right answer (raw: exactly the expected events)`,
          problems.length === 0,
          problems.slice(0, 5).join("; ") || undefined,
        ),
      ],
      notes: [
        `${rounds} rounds (+${warmup} warm-up); a round = ${TURNS} sequential turns per client on a fresh thread each, the three clients alternating turn by turn (who goes first rotates); figure = sum of the ${TURNS} turn latencies. each client has its own app-server (two listening, one spawned), all on one CODEX_HOME.`,
        `codexkit-ws / codexkit-stdio: median ${vsStdio.median.toFixed(3)} (p10–p90 ${vsStdio.p10.toFixed(3)}–${vsStdio.p90.toFixed(3)}).`,
      ],
      details: {
        perTurnMs: {
          ws: summarize(perTurn.ws),
          stdio: summarize(perTurn.stdio),
          rawWs: summarize(perTurn.raw),
        },
        wsOverStdio: vsStdio,
        wsOverRaw: vsRaw,
      },
    };
  } finally {
    await ws.close();
    await stdio.close();
    await raw.close().catch(() => {});
    await server.close();
    await rawServer.close();
  }
};
